package io.breedline.web.api;

import com.sun.net.httpserver.HttpExchange;
import io.breedline.web.http.ApiException;
import io.breedline.web.http.Exchanges;
import io.breedline.web.http.Multipart;
import io.breedline.web.http.Router;
import io.breedline.web.upload.Predictor;
import io.breedline.web.upload.UploadCheck;
import java.util.regex.Matcher;

/** {@code POST /api/predict}: one photo (multipart field {@code photo}) through the pipeline, its breeds back. */
public final class PredictApi {
    // The form around the photo: boundaries and part headers.
    static final int MULTIPART_OVERHEAD = 16 * 1024;

    private final UploadCheck check;
    private final Predictor predictor;
    private final long maxUploadBytes;

    public PredictApi(UploadCheck check, Predictor predictor, long maxUploadBytes) {
        this.check = check;
        this.predictor = predictor;
        this.maxUploadBytes = maxUploadBytes;
    }

    public void register(Router router) {
        router.post("/api/predict", this::predict);
    }

    private void predict(HttpExchange ex, Matcher m) throws Exception {
        byte[] body;
        try {
            body = Exchanges.body(ex, maxUploadBytes + MULTIPART_OVERHEAD);
        } catch (ApiException e) {
            if (e.status() == 413) {
                throw new ApiException(413, "the photo is too large: at most " + maxUploadBytes
                        + " bytes are taken (BREEDLINE_WEB_MAX_UPLOAD_BYTES)");
            }
            throw e;
        }
        Multipart photo = Multipart.field(ex.getRequestHeaders().getFirst("Content-Type"), body, "photo");
        check.check(photo.content());
        Exchanges.json(ex, 200, predictor.predict(photo.fileName(), photo.content()));
    }
}
