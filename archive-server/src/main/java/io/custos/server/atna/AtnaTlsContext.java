package io.custos.server.atna;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The TLS context of the syslog connection (RFC 5425 5): configured trust, optional client certificate. */
final class AtnaTlsContext {

    private AtnaTlsContext() {
    }

    static SSLContext of(AtnaProperties.Tls tls) throws IOException, GeneralSecurityException {
        TrustManager[] trust = null;
        if (tls.trustStore() != null) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(tls.trustStore(), tls.trustStoreType(), tls.trustStorePassword()));
            trust = tmf.getTrustManagers();
        }
        KeyManager[] keys = null;
        if (tls.keyStore() != null) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(tls.keyStore(), tls.keyStoreType(), tls.keyStorePassword()), chars(tls.keyStorePassword()));
            keys = kmf.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context;
    }

    private static KeyStore load(Path path, String type, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, chars(password));
        }
        return store;
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }
}
