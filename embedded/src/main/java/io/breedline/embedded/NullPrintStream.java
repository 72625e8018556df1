package io.breedline.embedded;

import java.io.OutputStream;
import java.io.PrintStream;

/** Swallows the progress lines Kafka's storage formatter prints to stdout. */
final class NullPrintStream {
    static final PrintStream INSTANCE = new PrintStream(OutputStream.nullOutputStream());

    private NullPrintStream() {}
}
