package io.breedline.service;

import io.breedline.clients.config.ConfigException;
import io.breedline.ingest.IngestFailedException;
import io.breedline.ingest.source.SourceException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception into one clear line for the user. Bad input and bad configuration are the user's to fix, so a
 * stack trace only adds noise; anything else is a bug and keeps its stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        if (e instanceof UserError || e instanceof ConfigException || e instanceof IllegalArgumentException
                || e instanceof SourceException || e instanceof IngestFailedException) {
            cmd.getErr().println("breedline: " + e.getMessage());
            return 2;
        }
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
