package io.custos.archive.ingest.dimse;

import io.custos.archive.ingest.api.InstanceIngest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The DICOM upper-layer listener (PS3.8) of the archive: C-ECHO and C-STORE SCP.
 *
 * <p><b>Why not PixelMed's StorageSOPClassSCP.</b> Its {@code ReceivedObjectHandler.sendReceivedObjectIndication}
 * returns void and is called after the object was written to a file, and the C-STORE-RSP it then sends is
 * built by its own handler: the response status cannot come from our ingest, and plaintext would touch disk.
 * Its dispatcher also binds every interface and starts an unbounded thread per association. So this server owns
 * the {@link ServerSocket} and a bounded pool, applies the AE policy on the A-ASSOCIATE-RQ itself
 * ({@link AssociationRequestPeek}), and uses PixelMed's lower-level pieces (AssociationFactory for the
 * negotiation, CompositeResponseHandler for P-DATA, the C-ECHO/C-STORE command message classes) so that it
 * holds the data set bytes in memory, rebuilds the PS3.10 object around them byte-faithfully
 * ({@link Part10Assembler}), calls {@link InstanceIngest#ingest}, and only then answers with the outcome's status.
 *
 * <p>Concurrency: at most {@code maxAssociations} associations are served; a request beyond that is answered
 * with A-ASSOCIATE-RJ rejected-transient / local-limit-exceeded (PS3.8 9.3.4) by a single small rejector thread.
 * Accepted sockets get TCP_NODELAY (DIMSE is request/response: Nagle delays every small PDU) and a read timeout.
 *
 * <p>Stopping: the listening socket is closed first (no new associations), running associations get a grace
 * period to finish, then their sockets are closed, which aborts them.
 */
public final class DicomServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DicomServer.class);
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final int BACKLOG = 64;
    private static final int REJECT_QUEUE = 32;

    private final DicomServerConfig config;
    private final AssociationHandler handler;
    private final Semaphore slots;
    private final Set<Socket> active = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private ServerSocket serverSocket;
    private ExecutorService workers;
    private ThreadPoolExecutor rejector;
    private Thread acceptor;

    public DicomServer(DicomServerConfig config, InstanceIngest ingest) {
        this(config, ingest, DimseAuditListener.NONE);
    }

    public DicomServer(DicomServerConfig config, InstanceIngest ingest, DimseAuditListener audit) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = new AssociationHandler(config, Objects.requireNonNull(ingest, "ingest"),
                Objects.requireNonNull(audit, "audit"));
        this.slots = new Semaphore(config.maxAssociations());
        PixelMedReleaseLinger.shorten();
    }

    /** Binds and starts accepting. */
    public synchronized void start() throws IOException {
        if (serverSocket != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(config.bindAddress(), config.port()), BACKLOG);
        serverSocket = socket;
        workers = Executors.newFixedThreadPool(config.maxAssociations(), named("dicom-association-"));
        rejector = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(REJECT_QUEUE),
                named("dicom-rejector-"), (task, pool) -> ((RejectTask) task).drop());
        acceptor = named("dicom-acceptor-").newThread(this::acceptLoop);
        acceptor.start();
        LOG.info("DICOM listener on {}:{} (max {} associations)", config.bindAddress().getHostAddress(),
                socket.getLocalPort(), config.maxAssociations());
    }

    /** The bound port (useful when configured with port 0). */
    public int port() {
        ServerSocket socket = serverSocket;
        if (socket == null) {
            throw new IllegalStateException("not started");
        }
        return socket.getLocalPort();
    }

    /** Stops accepting, lets running associations finish for up to {@code grace}, then aborts the rest. */
    public void stop(Duration grace) {
        ServerSocket socket;
        synchronized (this) {
            if (serverSocket == null || stopping) {
                return;
            }
            stopping = true;
            socket = serverSocket;
        }
        closeQuietly(socket);
        try {
            acceptor.join();
            workers.shutdown();
            rejector.shutdown();
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("aborting {} association(s) still open after the grace period", active.size());
                active.forEach(DicomServer::closeQuietly);
                workers.shutdownNow();
                workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
            rejector.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("DICOM listener stopped");
    }

    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    /** Sockets of the associations being served now (read-only view, for monitoring and tests). */
    Set<Socket> activeSockets() {
        return Set.copyOf(active);
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!stopping) {
                    LOG.warn("accept failed: {}", e.getClass().getSimpleName());
                }
                continue;
            }
            try {
                configure(socket, config.idleTimeout());
            } catch (SocketException e) {
                closeQuietly(socket);
                continue;
            }
            if (slots.tryAcquire()) {
                active.add(socket);
                workers.execute(() -> serve(socket));
            } else {
                rejector.execute(new RejectTask(socket));
            }
        }
    }

    static void configure(Socket socket, Duration idleTimeout) throws SocketException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
    }

    private void serve(Socket socket) {
        try {
            handler.serve(socket, () -> stopping);
        } catch (IOException | RuntimeException e) {
            LOG.info("association ended: {}", e.getClass().getSimpleName());
        } finally {
            active.remove(socket);
            closeQuietly(socket);
            slots.release();
        }
    }

    private final class RejectTask implements Runnable {
        private final Socket socket;

        RejectTask(Socket socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
            try {
                handler.rejectOverLimit(socket);
            } catch (IOException | RuntimeException e) {
                LOG.info("over-limit connection dropped: {}", e.getClass().getSimpleName());
            } finally {
                closeQuietly(socket);
            }
        }

        /** Even the rejector is saturated: close without an answer rather than queue without bound. */
        void drop() {
            closeQuietly(socket);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort on the way out
        }
    }
}
