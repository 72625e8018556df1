package io.breedline.web.query;

import java.util.List;

/** One page of the grid, and the key of the next page (null on the last). */
public record ImagePage(List<ImageCard> images, String next) {}
