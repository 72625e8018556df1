package io.breedline.web.query;

import io.breedline.worker.fetch.FileRoots;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The local folders earlier runs labeled, as file roots for the web's fetchers when {@code BREEDLINE_FILE_ROOTS} is not
 * set: so {@code ./breedline web} shows what {@code ./breedline label DIR} labeled, and nothing outside those folders.
 *
 * <p>Per job, the folder is the common directory of its smallest and largest local path: every path of the job sorts
 * between them, so their common prefix is every path's (one indexed range per job, not a scan of all paths). A job
 * whose photos share no folder but the file system's root gives none (reading all of {@code /} is not a guess to make).
 */
public final class LabeledFolders {
    private LabeledFolders() {}

    public static FileRoots of(Database db) throws SQLException {
        Set<Path> roots = new LinkedHashSet<>();
        db.run(c -> {
            for (String table : List.of("predictions", "dead_letters")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT MIN(uri), MAX(uri) FROM " + table
                        + " WHERE uri LIKE '/%' GROUP BY job_id");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Path common = commonFolder(rs.getString(1), rs.getString(2));
                        if (common != null && common.getNameCount() > 0) {
                            roots.add(common);
                        }
                    }
                }
            }
            return null;
        });
        return new FileRoots(new ArrayList<>(roots));
    }

    static Path commonFolder(String a, String b) {
        if (a == null || b == null) {
            return null;
        }
        Path pa = Path.of(a).getParent();
        Path pb = Path.of(b).getParent();
        if (pa == null || pb == null) {
            return null;
        }
        Path common = pa.getRoot();
        int n = Math.min(pa.getNameCount(), pb.getNameCount());
        for (int i = 0; i < n && pa.getName(i).equals(pb.getName(i)); i++) {
            common = common.resolve(pa.getName(i));
        }
        return common;
    }
}
