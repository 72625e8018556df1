package io.breedline.web;

import io.breedline.clients.config.Settings;
import io.breedline.clients.ops.Health;
import io.breedline.clients.ops.OpsRegistry;
import io.breedline.clients.ops.OpsServer;
import io.breedline.clients.ops.OpsSettings;
import io.breedline.web.jobs.JobBoard;
import io.breedline.worker.fetch.FileRoots;
import io.breedline.worker.inference.Labels;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The web application as one more service of a deployment: Kafka, the results database (PostgreSQL) and the upload
 * store (S3) from {@code BREEDLINE_*}, with {@code /metrics}, {@code /health/live} and {@code /health/ready} on the ops
 * port ({@value #OPS_PORT_DEFAULT} by default) like the others.
 */
public final class WebService implements AutoCloseable, Health {
    public static final int OPS_PORT_DEFAULT = 9403;
    /** A labels file for the page's breed list and for checking corrections (the model's {@code labels.txt}). */
    public static final String LABELS = "BREEDLINE_LABELS";

    private final OpsRegistry registry;
    private final WebApp app;
    private final Optional<OpsServer> ops;

    private WebService(OpsRegistry registry, WebApp app, Optional<OpsServer> ops) {
        this.registry = registry;
        this.app = app;
        this.ops = ops;
    }

    public static WebService start(Settings settings, Optional<JobBoard> jobs) throws Exception {
        WebConfig config = WebConfig.from(settings);
        OpsSettings opsSettings = OpsSettings.from(settings, OPS_PORT_DEFAULT);
        List<String> breeds = settings.path(LABELS).map(Labels::load).orElse(List.of());
        OpsRegistry registry = new OpsRegistry("web");
        WebApp app;
        try {
            // BREEDLINE_FILE_ROOTS unset in a deployment: no local files at all (photos and uploads are in S3).
            app = WebApp.start(config, breeds, jobs, FileRoots.none());
        } catch (Exception e) {
            registry.close();
            throw e;
        }
        try {
            WebService service = new WebService(registry, app, Optional.empty());
            return new WebService(registry, app, OpsServer.startIfEnabled(opsSettings, registry, service));
        } catch (RuntimeException e) {
            app.close();
            registry.close();
            throw e;
        }
    }

    /** Serves until the process is stopped. */
    public static void run(Settings settings, Optional<JobBoard> jobs) throws Exception {
        try (WebService service = start(settings, jobs)) {
            System.out.println("Breedline web: " + service.app().url());
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "breedline-web-stop"));
            stop.await();
        }
    }

    public WebApp app() {
        return app;
    }

    public Optional<Integer> opsPort() {
        return ops.map(OpsServer::port);
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public List<String> notReady() {
        return app.notReady();
    }

    @Override
    public void close() {
        ops.ifPresent(OpsServer::close);
        app.close();
        registry.close();
    }
}
