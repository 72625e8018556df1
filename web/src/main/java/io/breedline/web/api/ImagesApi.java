package io.breedline.web.api;

import com.sun.net.httpserver.HttpExchange;
import io.breedline.contracts.ImageRef;
import io.breedline.web.http.ApiException;
import io.breedline.web.http.Exchanges;
import io.breedline.web.http.Router;
import io.breedline.web.image.ModelInputImage;
import io.breedline.web.image.SourceImages;
import io.breedline.web.image.Thumbnails;
import io.breedline.web.query.ArchiveQueries;
import io.breedline.web.query.ImageDetails;
import io.breedline.web.query.ImageFilter;
import io.breedline.web.query.Reviews;
import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.fetch.FetchException;
import java.util.Optional;
import java.util.regex.Matcher;

/** {@code /api/images...}: the grid's pages, one photo, its thumbnail and model input, and reviews. */
public final class ImagesApi {
    private final ArchiveQueries archive;
    private final ImageDetails details;
    private final Reviews reviews;
    private final SourceImages sources;
    private final Thumbnails thumbnails;
    private final ModelInputImage modelInput;

    public ImagesApi(ArchiveQueries archive, ImageDetails details, Reviews reviews, SourceImages sources,
            Thumbnails thumbnails, ModelInputImage modelInput) {
        this.archive = archive;
        this.details = details;
        this.reviews = reviews;
        this.sources = sources;
        this.thumbnails = thumbnails;
        this.modelInput = modelInput;
    }

    public void register(Router router) {
        String id = "/api/images/" + ImageIds.PATTERN;
        router.get("/api/images", (ex, m) -> Exchanges.json(ex, 200, archive.page(ImageFilter.parse(Exchanges.query(ex)))))
                .get(id, this::detail)
                .get(id + "/thumbnail", this::thumbnail)
                .get(id + "/model-input", this::modelInput)
                .post(id + "/review", this::review)
                // Anything else under /api/images/ is not an image id: say so rather than "nothing here".
                .get("/api/images/([^/]*)(/.*)?", (ex, m) -> ImageIds.check(m.group(1)))
                .post("/api/images/([^/]*)(/.*)?", (ex, m) -> ImageIds.check(m.group(1)));
    }

    private void detail(HttpExchange ex, Matcher m) throws Exception {
        ImageDetails.Detail d = details.detail(m.group(1)).orElseThrow(() -> ApiException.notFound("no photo " + m.group(1)));
        Exchanges.json(ex, 200, d);
    }

    private void thumbnail(HttpExchange ex, Matcher m) throws Exception {
        ImageRef ref = source(m.group(1));
        byte[] jpeg;
        try {
            jpeg = thumbnails.get(ref.imageId(), () -> sources.read(ref));
        } catch (FetchException | DecodeException e) {
            throw new ApiException(422, "no thumbnail for " + ref.imageId() + ": " + e.getMessage());
        }
        ex.getResponseHeaders().set("Cache-Control", "private, max-age=3600");
        Exchanges.send(ex, 200, "image/jpeg", jpeg);
    }

    private void modelInput(HttpExchange ex, Matcher m) throws Exception {
        ImageRef ref = source(m.group(1));
        byte[] png;
        try {
            png = modelInput.png(sources.read(ref));
        } catch (FetchException | DecodeException e) {
            throw new ApiException(422, "no model input for " + ref.imageId() + ": " + e.getMessage());
        }
        Exchanges.send(ex, 200, "image/png", png);
    }

    private void review(HttpExchange ex, Matcher m) throws Exception {
        Reviews.Request r = Exchanges.readJson(Exchanges.body(ex, 16 * 1024), Reviews.Request.class);
        Exchanges.json(ex, 201, reviews.add(m.group(1), r));
    }

    private ImageRef source(String imageId) throws Exception {
        Optional<ImageRef> ref = details.source(imageId);
        return ref.orElseThrow(() -> ApiException.notFound("no photo " + imageId));
    }
}
