package io.breedline.web;

import com.sun.net.httpserver.HttpServer;
import io.breedline.contracts.Lane;
import io.breedline.ingest.publish.PriorityTopicSetup;
import io.breedline.ingest.publish.ReferencePublisher;
import io.breedline.web.api.ArchiveApi;
import io.breedline.web.api.ImagesApi;
import io.breedline.web.api.PageApi;
import io.breedline.web.api.PredictApi;
import io.breedline.web.api.ReportsApi;
import io.breedline.web.http.Guard;
import io.breedline.web.http.Router;
import io.breedline.web.image.ModelInputImage;
import io.breedline.web.image.SourceImages;
import io.breedline.web.image.Thumbnails;
import io.breedline.web.jobs.DatabaseJobs;
import io.breedline.web.jobs.JobBoard;
import io.breedline.web.query.ArchiveQueries;
import io.breedline.web.query.Database;
import io.breedline.web.query.ImageDetails;
import io.breedline.web.query.Reviews;
import io.breedline.web.query.Summary;
import io.breedline.web.reports.EvaluationReports;
import io.breedline.web.upload.LocalUploads;
import io.breedline.web.upload.S3Uploads;
import io.breedline.web.upload.UploadStore;
import io.breedline.web.upload.Predictor;
import io.breedline.web.upload.UploadCheck;
import io.breedline.worker.fetch.FileRoots;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web application, wired: the results database, the upload path into the pipeline, the worker's fetchers and
 * decoders, and the HTTP server.
 *
 * <p>HTTP is the JDK's own server ({@code com.sun.net.httpserver}), as the ops endpoints use: the page is a static
 * shell plus a small script over a JSON API, which needs routing and nothing a framework adds; and a servlet container
 * would bring a second Jetty onto a classpath where s3proxy already has one (Javalin 6 is on Jetty 11, s3proxy on 12).
 */
public final class WebApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebApp.class);
    static final int REQUEST_THREADS = 8;
    static final String NO_DELAY = "sun.net.httpserver.nodelay";
    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<AutoCloseable> resources;
    private final String uploadJob;
    private final WebConfig config;
    private final Database db;

    private WebApp(HttpServer server, ExecutorService executor, List<AutoCloseable> resources, String uploadJob,
            WebConfig config, Database db) {
        this.db = db;
        this.server = server;
        this.executor = executor;
        this.resources = resources;
        this.uploadJob = uploadJob;
        this.config = config;
    }

    /**
     * Starts serving.
     *
     * @param breeds the model's labels (the page lists them; a correction must name one); empty when unknown
     * @param jobs the jobs list's source; empty: the results database's jobs
     * @param defaultRoots where local photos may be read from when {@code BREEDLINE_FILE_ROOTS} is not set
     */
    public static WebApp start(WebConfig config, List<String> breeds, Optional<JobBoard> jobs, FileRoots defaultRoots)
            throws IOException, SQLException {
        noDelay();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Database db = new Database(config.database());
            resources.add(db);
            String jobId = "web-" + JOB_TIME.format(Clock.systemUTC().instant()) + "-" + randomHex();
            LocalUploads local = new LocalUploads(config.uploadDir());
            FileRoots roots = config.fileRoots().orElse(defaultRoots);
            if (config.uploadS3().isEmpty()) {
                roots = withUploads(roots, local.dir());
            }
            SourceImages sources = new SourceImages(config, roots, config.maxUploadBytes() * 4);
            resources.add(sources);
            UploadStore uploads = config.uploadS3().isPresent()
                    ? new S3Uploads(sources.s3(), config.uploadS3().get()) : local;
            // A photo someone is waiting for on the page takes the priority lane: no backfill holds it up.
            PriorityTopicSetup.ensure(config.kafka(), config.topics());
            Predictor predictor = new Predictor(uploads,
                    ReferencePublisher.create(config.kafka(), Lane.PRIORITY.topic(config.topics()), jobId), db, jobId,
                    config.predictTimeout(), Clock.systemUTC());
            resources.add(predictor);
            ModelInputImage modelInput = new ModelInputImage(config.maxUploadPixels(), config.decodeMode());
            resources.add(modelInput);
            JobBoard board = jobs.orElseGet(() -> {
                DatabaseJobs dbJobs = new DatabaseJobs(config.database());
                resources.add(dbJobs);
                return dbJobs;
            });
            Reviews reviews = new Reviews(db, Clock.systemUTC(), new HashSet<>(breeds));
            Guard guard = new Guard(config.token(), config.loopbackOnly());
            Router router = new Router(guard);
            new PageApi(guard, breeds, jobId, config.maxUploadBytes()).register(router);
            new PredictApi(new UploadCheck(config.maxUploadBytes(), config.maxUploadPixels()), predictor,
                    config.maxUploadBytes()).register(router);
            new ImagesApi(new ArchiveQueries(db), new ImageDetails(db), reviews, sources,
                    new Thumbnails(config.thumbnailDir(), config.thumbnailCacheBytes(), config.maxUploadPixels()),
                    modelInput).register(router);
            new ArchiveApi(board, new Summary(db), reviews).register(router);
            new ReportsApi(new EvaluationReports(config.reportsDir())).register(router);

            HttpServer server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
            AtomicInteger n = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(REQUEST_THREADS, r -> {
                Thread t = new Thread(r, "breedline-web-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/", router);
            server.start();
            WebApp app = new WebApp(server, executor, resources, jobId, config, db);
            log.info("Web application on {} (results {}, uploads {}, photos read from {})", app.url(),
                    config.database().safeUrl(), uploads.describe(), roots);
            return app;
        } catch (IOException | SQLException | RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /**
     * The JDK server writes a response's headers and body in two writes; with Nagle's algorithm on, the body waits for
     * the client's delayed ACK of the headers: 40 ms on every small response. Read once, when the server's
     * configuration class loads, so it is set before the first server of this JVM starts (an ops server included).
     */
    public static void noDelay() {
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    static FileRoots withUploads(FileRoots roots, Path uploads) {
        List<Path> all = new ArrayList<>(roots.roots());
        all.add(uploads);
        return new FileRoots(all);
    }

    /** Why the application cannot serve now (the results database does not answer), empty when it can. */
    public List<String> notReady() {
        try {
            db.run(c -> c.isValid(5));
            return List.of();
        } catch (SQLException e) {
            return List.of("results database " + config.database().safeUrl() + ": " + e.getMessage());
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where a browser on this machine opens the page. */
    public String url() {
        String host = config.loopbackOnly() ? "127.0.0.1" : config.bind();
        return "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    public String uploadJob() {
        return uploadJob;
    }

    private static String randomHex() {
        byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("closing {} failed", resources.get(i).getClass().getSimpleName(), e);
            }
        }
    }
}
