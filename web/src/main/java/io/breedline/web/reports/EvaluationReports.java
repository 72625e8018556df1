package io.breedline.web.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluation reports {@code ./breedline evaluate --out DIR} wrote under one folder ({@code BREEDLINE_WEB_REPORTS}):
 * the folder itself when it holds one, and each subfolder that does (a report is a folder with {@value #JSON}).
 *
 * <p>A report is named to the browser by an id, the first 16 hex digits of the SHA-256 of its folder's name: a request
 * names an id and one of the {@link #FILES} the evaluation writes, and the path is taken from this listing, never from
 * the request, so nothing outside the reports can be read through it. Links are not followed out of the folder.
 *
 * <p>Reads only a few fields of {@code evaluation.json} as a JSON tree rather than the {@code evaluation} module's
 * records: the web application ships in the service image, and the report's charting library does not belong there.
 */
public final class EvaluationReports {
    private static final Logger log = LoggerFactory.getLogger(EvaluationReports.class);
    static final String JSON = "evaluation.json";
    static final String HTML = "report.html";
    /** The files of a report the web serves: the page and its plots. */
    public static final Set<String> FILES = Set.of(HTML, "confusion-matrix.png", "reliability.png",
            "confidence-histogram.png");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One report, as the list shows it.
     *
     * @param temperature the fitted temperature, null without {@code --calibrate}
     */
    public record Report(String id, String name, String modelVersion, String createdAt, String folder, int photos,
            double top1, double ece, Double temperature) {}

    private record Found(Report report, Path dir) {}

    private final Path root;

    public EvaluationReports(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The reports, newest first; a folder whose {@value #JSON} cannot be read is logged and left out. */
    public List<Report> list() {
        return found().stream().map(Found::report).toList();
    }

    /** The file {@code name} (one of {@link #FILES}) of the report {@code id}, if both exist. */
    public Optional<Path> file(String id, String name) {
        if (!FILES.contains(name)) {
            return Optional.empty();
        }
        return found().stream().filter(f -> f.report().id().equals(id)).findFirst()
                .map(f -> f.dir().resolve(name))
                .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
    }

    private List<Found> found() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        dirs.add(root);
        try (Stream<Path> children = Files.list(root)) {
            children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(dirs::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the evaluation reports in " + root, e);
        }
        List<Found> reports = new ArrayList<>();
        for (Path dir : dirs) {
            Path json = dir.resolve(JSON);
            if (Files.isRegularFile(json, LinkOption.NOFOLLOW_LINKS)) {
                read(dir, json).ifPresent(reports::add);
            }
        }
        reports.sort(Comparator.comparing((Found f) -> f.report().createdAt()).reversed());
        return reports;
    }

    private Optional<Found> read(Path dir, Path json) {
        String name = dir.equals(root) ? root.getFileName().toString() : root.relativize(dir).toString();
        try {
            JsonNode e = MAPPER.readTree(json.toFile());
            JsonNode fit = e.path("temperature").path("fit").path("temperature");
            return Optional.of(new Found(new Report(id(root.relativize(dir).toString()), name,
                    e.path("modelVersion").asText(""), e.path("createdAt").asText(""), e.path("folder").asText(""),
                    e.path("photos").asInt(), e.path("top1").path("value").asDouble(),
                    e.path("calibration").path("ece").asDouble(), fit.isNumber() ? fit.asDouble() : null), dir));
        } catch (IOException e) {
            log.warn("Evaluation report {} left out: {}", json, e.getMessage());
            return Optional.empty();
        }
    }

    static String id(String relativeFolder) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(relativeFolder.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
