package io.breedline.sink.objects;

import io.breedline.sink.writer.WriteException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An object store in a map, that can be told to refuse writes. */
final class InMemoryObjectStore implements ObjectStore {
    final Map<String, String> objects = new TreeMap<>();
    final List<String> puts = new ArrayList<>();
    int failNextPuts;

    @Override
    public void check() {}

    @Override
    public void put(String key, byte[] body, String contentType) throws WriteException {
        if (failNextPuts > 0) {
            failNextPuts--;
            throw new WriteException("store unavailable", null, true);
        }
        puts.add(key);
        objects.put(key, new String(body, StandardCharsets.UTF_8));
    }

    List<String> lines(String key) {
        return objects.get(key).lines().toList();
    }
}
