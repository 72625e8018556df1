# One image for every Breedline service; the command picks the service: ingest, worker, sink, model, label.
# Build:  docker build -t breedline .
# GPU workers: build with --build-arg RUNTIME_IMAGE=nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04 and install a JRE 17
# there (TensorFlow 2.16.1's CUDA build needs CUDA 12.1 and cuDNN 8.9); without CUDA the same image runs on the CPU.
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests package -pl cli -am \
 && ./mvnw -q -B dependency:copy-dependencies -pl cli -DincludeScope=runtime -DoutputDirectory=/app/lib \
 && cp cli/target/cli-*.jar /app/lib/

FROM ${RUNTIME_IMAGE}
# libheif decodes HEIC/HEIF and AVIF photos (docs/image-formats.md). Debian 12 and Ubuntu 22.04 build its codecs in;
# newer releases ship them as plugins (HEVC: libde265, AV1: dav1d), installed where the packages exist. The same
# lines serve the GPU image built FROM a CUDA runtime (Ubuntu).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libheif1 \
 && for plugin in libheif-plugin-libde265 libheif-plugin-dav1d; do \
      if apt-cache show "$plugin" >/dev/null 2>&1; then apt-get install -y --no-install-recommends "$plugin"; fi; \
    done \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
# TensorFlow's native libraries are extracted here on first start; a volume keeps them across restarts.
ENV BREEDLINE_CACHE_DIR=/var/cache/breedline \
    TF_CPP_MIN_LOG_LEVEL=1
RUN mkdir -p /var/cache/breedline
# 4 MiB G1 regions: a decoded image (768 KiB of floats) is then an ordinary young object, not a humongous one.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:G1HeapRegionSize=4m", "-cp", "/app/lib/*", "io.breedline.cli.Main"]
CMD ["--help"]
