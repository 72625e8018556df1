package io.breedline.service;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The list of subcommands in {@code --help} with each command's first whole sentence. Picocli shows the first line of
 * a description there, and a description wrapped over several lines is then cut mid-sentence ("in this one JVM:").
 */
public final class SentenceSummaries implements CommandLine.IHelpSectionRenderer {
    private SentenceSummaries() {}

    /** Installs the renderer on {@code commandLine} and all its subcommands. */
    public static CommandLine install(CommandLine commandLine) {
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new SentenceSummaries());
        commandLine.getSubcommands().values().forEach(SentenceSummaries::install);
        return commandLine;
    }

    @Override
    public String render(Help help) {
        Map<String, Help> subcommands = help.subcommands();
        if (subcommands.isEmpty()) {
            return "";
        }
        int width = help.commandSpec().usageMessage().width();
        int nameWidth = subcommands.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
        TextTable table = TextTable.forColumns(help.colorScheme(),
                new Column(nameWidth, 2, Column.Overflow.SPAN),
                new Column(width - nameWidth, 1, Column.Overflow.WRAP));
        subcommands.forEach((name, sub) -> {
            if (!sub.commandSpec().usageMessage().hidden()) {
                table.addRowValues(name, firstSentence(sub.commandSpec().usageMessage().description()));
            }
        });
        return table.toString();
    }

    /** The description's lines joined, up to the end of its first sentence (picocli's {@code %n} line breaks as spaces). */
    public static String firstSentence(String[] description) {
        String text = String.join(" ", description).replace("%n", " ").replaceAll("\\s+", " ").strip();
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }
}
