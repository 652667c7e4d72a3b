package io.custos.query.wado;

/**
 * The caller of the current request, from the verified token; implemented by the server's security layer.
 * The tenant in it is the only tenant a WADO-RS request can read.
 */
@FunctionalInterface
public interface ReaderResolver {
    Reader current();
}
