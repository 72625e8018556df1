package io.breedline.testkit;

/** A server handed to tests, and how to stop it when the JVM exits. */
record Started<T>(T server, AutoCloseable stopper) {}
