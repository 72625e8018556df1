package io.breedline.service.command;

import picocli.CommandLine.Command;

/**
 * {@code breedline model}: model tools. The service image's subcommands are listed here; a development checkout's
 * {@code ./breedline} adds {@code model build-demo} (module {@code cli}), which needs the model builders the image
 * does not ship.
 */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Model tools.",
        subcommands = {ModelImportCommand.class, ModelInspectCommand.class, ModelPrepareCommand.class})
public final class ModelCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
