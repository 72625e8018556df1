# The Breedline service image: one image for every service; the command picks it: ingest, ingest trigger, worker,
# sink, status, model, preprocess. It carries the service module's runtime only (no Kafka broker, no S3 server, no
# test models, no benchmarks: those are on a development checkout's ./breedline).
#   docker build -t breedline .                                  # the service image (the last stage, the default)
#   docker build --target tools -t breedline-tools .             # ./breedline's commands (model build-demo, ...)
# GPU workers: build with --build-arg RUNTIME_IMAGE=nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04 and install a JRE 17
# there (TensorFlow 2.16.1's CUDA build needs CUDA 12.1 and cuDNN 8.9); without CUDA the same image runs on the CPU.
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# One reactor build: the service's runtime classpath (-Pimage copies it to service/target/lib) and the development
# command line's (cli/target/classpath.txt), for the tools target.
RUN ./mvnw -q -B -DskipTests -Pimage package -pl service,cli -am \
 && mkdir -p /app/lib /tools/lib \
 && cp service/target/lib/*.jar service/target/service-*.jar /app/lib/ \
 && tr ':' '\n' < cli/target/classpath.txt | xargs -I{} cp {} /tools/lib/ \
 && cp cli/target/cli-*.jar /tools/lib/
# TensorFlow's native libraries, extracted now rather than by every new container at its first start (about 1.2 GB,
# which would slow each pod the autoscaler adds). They go outside BREEDLINE_CACHE_DIR, where compose and Kubernetes
# mount a volume that would hide them. The engine is loaded from them once here, so a broken extraction fails the
# build. The native jar is then not needed at run time: TENSORFLOW_LIBRARY_PATH points the engine at these files.
RUN java -cp "/app/lib/*" io.breedline.tensorflow.TensorFlowRuntime /opt/breedline \
 && test -f /opt/breedline/tensorflow-2.16.1-native/libjnitensorflow.so \
 && rm /app/lib/tensorflow-native-cu121-*.jar /tools/lib/tensorflow-native-cu121-*.jar

# What both images share: a JRE, libheif and libwebp, the native libraries, where the cache goes.
FROM ${RUNTIME_IMAGE} AS runtime
# libheif decodes HEIC/HEIF and AVIF photos, libwebp WebP (docs/image-formats.md). Debian 12 and Ubuntu 22.04 build
# libheif's codecs in; newer releases ship them as plugins (HEVC: libde265, AV1: dav1d), installed where the packages
# exist. The same lines serve the GPU image built FROM a CUDA runtime (Ubuntu).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libheif1 libwebp7 \
 && for plugin in libheif-plugin-libde265 libheif-plugin-dav1d; do \
      if apt-cache show "$plugin" >/dev/null 2>&1; then apt-get install -y --no-install-recommends "$plugin"; fi; \
    done \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/breedline /opt/breedline
# BREEDLINE_CACHE_DIR holds model downloads (a volume keeps them across restarts); the native libraries are in the image.
ENV BREEDLINE_CACHE_DIR=/var/cache/breedline \
    TENSORFLOW_LIBRARY_PATH=/opt/breedline/tensorflow-2.16.1-native \
    TF_CPP_MIN_LOG_LEVEL=1
RUN mkdir -p /var/cache/breedline

# ./breedline's commands, for the one-shot jobs that need the development tools (compose's model-init builds the
# demo model with `model build-demo`). Not for running services.
FROM runtime AS tools
COPY --from=build /tools/lib /app/lib
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:G1HeapRegionSize=4m", "-cp", "/app/lib/*", "io.breedline.cli.Main"]
CMD ["--help"]

# The service image (the default target).
FROM runtime AS service
COPY --from=build /app/lib /app/lib
# 4 MiB G1 regions: a decoded image (768 KiB of floats) is then an ordinary young object, not a humongous one.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:G1HeapRegionSize=4m", "-cp", "/app/lib/*", "io.breedline.service.Main"]
CMD ["--help"]
