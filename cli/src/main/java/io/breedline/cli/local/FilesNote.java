package io.breedline.cli.local;

import io.breedline.contracts.Topics;
import io.breedline.sink.objects.ResultFormat;
import java.io.PrintStream;

/** After a run with {@code --output}: where the files are, and a query that reads them. */
final class FilesNote {
    private final PrintStream out;

    FilesNote(PrintStream out) {
        this.out = out;
    }

    void print(FileOutput files, Topics topics) {
        String ext = files.format() == ResultFormat.PARQUET ? "parquet" : "jsonl";
        String predictions = files.folderOf(topics.predictions()) + "/*/*." + ext;
        String deadLetters = files.folderOf(topics.deadLetters()) + "/*/*." + ext;
        String query = files.format() == ResultFormat.PARQUET
                ? "SELECT image_uri, top_breed, top_probability FROM read_parquet('" + predictions + "')"
                : "SELECT uri, topK[1].breed, topK[1].probability FROM read_json_auto('" + predictions + "')";
        out.println("Results as " + ext + " files in " + files.folder());
        out.println("  duckdb -c \"" + query + "\"");
        if (java.nio.file.Files.isDirectory(files.folderOf(topics.deadLetters()))) {
            out.println("  dead letters: " + deadLetters);
        }
    }
}
