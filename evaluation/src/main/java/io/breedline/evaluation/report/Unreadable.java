package io.breedline.evaluation.report;

/** A photo the pipeline could not score (a dead letter): it stays in the report and in the counts. */
public record Unreadable(String uri, String breed, String stage, String reason) {}
