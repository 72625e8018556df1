package io.breedline.web.query;

/**
 * One photo in the grid: a labeled photo (breed, confidence, the display rule's text) or a dead letter (stage,
 * reason). {@code name} is the file name, for people; the photo itself is fetched by {@code imageId} only.
 */
public record ImageCard(
        String imageId,
        String modelVersion,
        String name,
        String jobId,
        String outcome,
        String breed,
        Double confidence,
        String display,
        Review review,
        String failureStage,
        String failureReason) {

    /** The latest review of a photo, or null. */
    public record Review(String verdict, String breed, String reviewer, String reviewedAt) {}

    /** The last path segment of a file path or S3 key. */
    public static String nameOf(String uri) {
        if (uri == null) {
            return null;
        }
        int slash = Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\'));
        return slash < 0 ? uri : uri.substring(slash + 1);
    }
}
