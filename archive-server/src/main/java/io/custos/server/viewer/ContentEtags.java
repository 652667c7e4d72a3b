package io.custos.server.viewer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.core.io.Resource;

/**
 * ETags from file content (SHA-256, computed once per file). The viewer's files carry npm's fixed
 * 1985 timestamps, so Last-Modified would call a new OHIF version "not modified"; the content cannot lie.
 * Only files that exist reach this (the resolver returns nothing else), so the map is bounded by the
 * viewer's file count.
 */
final class ContentEtags implements Function<Resource, String> {

    private final Map<String, String> byUrl = new ConcurrentHashMap<>();

    @Override
    public String apply(Resource resource) {
        try {
            return byUrl.computeIfAbsent(resource.getURL().toString(), url -> digest(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(Resource resource) {
        try (DigestInputStream in = new DigestInputStream(resource.getInputStream(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest(), 0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
