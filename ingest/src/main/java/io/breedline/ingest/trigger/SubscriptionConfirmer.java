package io.breedline.ingest.trigger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Visits an SNS SubscribeURL, which confirms the subscription; a seam so tests need not reach AWS. */
interface SubscriptionConfirmer {
    /** @return the HTTP status of the GET */
    int confirm(URI subscribeUrl) throws IOException, InterruptedException;

    static SubscriptionConfirmer http() {
        // No redirects: an allowed host must not bounce the request to one that is not.
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return url -> client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
