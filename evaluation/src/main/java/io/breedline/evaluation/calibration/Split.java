package io.breedline.evaluation.calibration;

import io.breedline.evaluation.Scored;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Splits the photos into a part to fit the temperature on and a part to measure it on, per breed (so both parts have
 * every breed in the same proportion), deterministically: each breed's photos sorted by URI, shuffled with the seed,
 * the first floor(n x fraction) to the fit part.
 */
public record Split(List<Scored> fit, List<Scored> test) {

    public static Split of(List<Scored> photos, double fitFraction, long seed) {
        if (!(fitFraction > 0 && fitFraction < 1)) {
            throw new IllegalArgumentException("the fit fraction must lie strictly between 0 and 1, was " + fitFraction);
        }
        Map<Integer, List<Scored>> byBreed = new TreeMap<>();
        for (Scored s : photos) {
            byBreed.computeIfAbsent(s.truth(), k -> new ArrayList<>()).add(s);
        }
        Random random = new Random(seed);
        List<Scored> fit = new ArrayList<>();
        List<Scored> test = new ArrayList<>();
        for (List<Scored> breed : byBreed.values()) {
            breed.sort(Comparator.comparing(Scored::uri));
            java.util.Collections.shuffle(breed, random);
            int cut = (int) Math.floor(breed.size() * fitFraction);
            fit.addAll(breed.subList(0, cut));
            test.addAll(breed.subList(cut, breed.size()));
        }
        return new Split(List.copyOf(fit), List.copyOf(test));
    }
}
