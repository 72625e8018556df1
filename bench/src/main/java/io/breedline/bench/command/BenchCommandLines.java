package io.breedline.bench.command;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** The command line a bench subcommand was started with, echoed in its report so a figure says what made it. */
final class BenchCommandLines {
    private BenchCommandLines() {}

    static String of(String subcommand, CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        // Depending on how picocli was entered, the arguments may start with the command names.
        int from = 0;
        while (from < args.size() && (args.get(from).equals("bench") || args.get(from).equals(subcommand))) {
            from++;
        }
        return ("./breedline bench " + subcommand + " " + String.join(" ", args.subList(from, args.size()))).trim();
    }
}
