package io.breedline.cli;

import io.breedline.bench.command.BenchCommand;
import io.breedline.cli.command.BuildDemoCommand;
import io.breedline.cli.command.EvaluateCommand;
import io.breedline.cli.command.KafkaCommand;
import io.breedline.cli.command.LabelCommand;
import io.breedline.cli.command.WebCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./breedline} on a development checkout: every command of the service image ({@link io.breedline.service.Main}),
 * taken from it so the two cannot drift apart, plus the development ones: {@code label} (the whole pipeline in this
 * JVM), {@code evaluate}, {@code kafka}, {@code bench ...} and {@code model build-demo}.
 */
@Command(
        name = "breedline",
        mixinStandardHelpOptions = true,
        version = "breedline 0.1.0",
        description = "Labels dog photos with their breed, at archive scale.",
        subcommands = {LabelCommand.class, EvaluateCommand.class, WebCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(io.breedline.service.Main.execute(commandLine(), args));
    }

    /** The development command line: label, evaluate, the service's commands, then kafka, bench and help. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        CommandLine service = new CommandLine(new io.breedline.service.Main());
        for (Map.Entry<String, CommandLine> sub : service.getSubcommands().entrySet()) {
            boolean alias = !sub.getKey().equals(sub.getValue().getCommandName());
            // web: the development checkout's own, which runs on embedded defaults and joins a deployment like the service's.
            boolean ownVersion = cli.getSubcommands().containsKey(sub.getKey());
            if (!alias && !ownVersion && !(sub.getValue().getCommand() instanceof CommandLine.HelpCommand)) {
                cli.addSubcommand(sub.getKey(), sub.getValue().getCommand());
            }
        }
        cli.getSubcommands().get("model").addSubcommand(new BuildDemoCommand());
        cli.addSubcommand(new KafkaCommand());
        cli.addSubcommand(new BenchCommand());
        cli.addSubcommand(new CommandLine.HelpCommand());
        return cli;
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
