package dev.vecnet.spark;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskKilledException;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The links between the tasks of one barrier job of a fit: a TCP connection from every task to partition 0's task
 * (the root), over which they exchange {@link PartitionResult}s without going through the driver. The root listens
 * on an ephemeral port kept for the fit ({@link #server}); on the fit's first job (or after a failed one) it
 * publishes its host and port with {@link BarrierTaskContext#allGather} (Spark's own barrier messages, which travel
 * through the driver), later jobs carry the address the driver learnt. The other tasks connect and present the job's
 * random token and their partition.
 *
 * <p>Why not {@code allGather} for the results themselves: its messages are strings that the driver's barrier
 * coordinator receives from every task and sends, all of them, back to every task, so each step would move
 * {@code P^2} encoded copies of a gradient through the driver (docs/spark.md, "Measured"). Here the root receives
 * {@code P - 1} binary messages and, for {@link #allGather}, sends each task the {@code P - 1} it lacks.
 *
 * <p>Failures: a read waits at most {@link #POLL_MS} at a time and then checks whether Spark has killed the task
 * (a barrier stage whose task failed is killed as a whole, without interrupting the threads); a task that ends,
 * normally or not, closes its sockets, so the tasks waiting on it fail with an end-of-stream instead of waiting.
 * With one partition there is nothing to connect and the exchange returns the task's own result.
 *
 * <p>Confined to its task's thread. Keeps one receive buffer and one values array per partition, reused by every
 * exchange: a result returned by an exchange is valid until the next one. Decoding allocates the received results'
 * small arrays (batch counts) and their optimizer state.
 */
final class PeerLink implements Closeable {
    /** How long a blocked read or accept waits before it checks whether the task was killed, in milliseconds. */
    static final int POLL_MS = 500;
    /** How long a task may take to connect to the root, in milliseconds. */
    private static final int CONNECT_MS = 60_000;

    private final BarrierTaskContext context;
    private final int partition;
    private final int replicas;
    /** Root: the connection of each other partition (index 0 unused); elsewhere: index 0, the root's. */
    private final Socket[] sockets;
    private final DataOutputStream[] outputs;
    private final byte[][] buffers;
    /** The length of the last message received into each buffer. */
    private final int[] lengths;
    /** The values array of the last result decoded from each partition, reused by the next ({@link ResultCodec}). */
    private final float[][] values;
    private final ResultCodec codec = new ResultCodec();
    private final String rootAddress;
    /** The roots' listening sockets in this JVM, by fit ({@link #server}). */
    private static final Map<String, ServerSocket> SERVERS = new ConcurrentHashMap<>();

    private PeerLink(BarrierTaskContext context, Socket[] sockets, String rootAddress) throws IOException {
        this.context = context;
        this.rootAddress = rootAddress;
        this.partition = context.partitionId();
        this.replicas = sockets.length;
        this.sockets = sockets;
        this.outputs = new DataOutputStream[replicas];
        this.buffers = new byte[replicas][];
        this.lengths = new int[replicas];
        this.values = new float[replicas][];
        for (int i = 0; i < replicas; i++) {
            if (sockets[i] != null) {
                outputs[i] = new DataOutputStream(new BufferedOutputStream(sockets[i].getOutputStream(), 1 << 16));
            }
        }
    }

    /**
     * Connects the calling task with the root; every task of the barrier job must call it, once.
     *
     * @param context  the calling task's context
     * @param replicas the tasks of the job
     * @param job      the job: its fit's run id, the token its tasks present, and the root's address when the
     *                 driver knows it from the fit's previous job (null: published with {@code allGather})
     * @return the task's link; close it when the task ends
     * @throws IOException           when the connection cannot be made
     * @throws IllegalStateException at the root, when the job's root address is not this executor's (the root's
     *                               task moved): the job fails and the driver runs it again without an address
     */
    static PeerLink open(BarrierTaskContext context, int replicas, RoundJob job) throws IOException {
        Socket[] sockets = new Socket[replicas];
        if (replicas == 1) {
            return new PeerLink(context, sockets, null);
        }
        if (context.partitionId() == 0) {
            String address;
            try {
                ServerSocket server = server(job.config().value().runId());
                address = SparkEnv.get().blockManager().blockManagerId().host() + " " + server.getLocalPort();
                if (job.rootAddress() == null) {
                    context.allGather(address);
                } else if (!job.rootAddress().equals(address)) {
                    throw new IllegalStateException("partition 0's task runs on another executor than in the fit's "
                            + "previous job (" + job.rootAddress() + ", now " + address + ")");
                }
                int connected = 0;
                while (connected < replicas - 1) {
                    Socket socket = accept(context, server);
                    int p = socket == null ? -1 : hello(context, socket, job.token(), replicas);
                    if (p < 0 || sockets[p] != null) {
                        if (socket != null) {
                            socket.close();   // not one of this job's tasks: a stray or a failed attempt's
                        }
                        continue;
                    }
                    sockets[p] = socket;
                    connected++;
                }
            } catch (IOException | RuntimeException e) {
                closeAll(sockets);
                throw e;
            }
            return new PeerLink(context, sockets, address);
        }
        String[] root = (job.rootAddress() != null ? job.rootAddress() : context.allGather("")[0]).split(" ");
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(root[0], Integer.parseInt(root[1])), CONNECT_MS);
            configure(socket);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeLong(job.token());
            out.writeInt(context.partitionId());
            out.flush();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        sockets[0] = socket;
        return new PeerLink(context, sockets, null);
    }

    /**
     * The root's listening socket of fit {@code runId} in this executor, opened on its first job on an ephemeral
     * port and kept for the fit's later jobs, so that their tasks can connect to the address the driver learnt
     * from the previous job instead of exchanging it with {@code allGather}, which takes most of a second (Spark's
     * barrier messages are polled once a second). Closed by {@link #release}.
     */
    private static ServerSocket server(String runId) throws IOException {
        try {
            return SERVERS.computeIfAbsent(runId, id -> {
                try {
                    ServerSocket server = new ServerSocket();
                    server.bind(new InetSocketAddress(0), 64);
                    server.setSoTimeout(POLL_MS);
                    return server;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Closes the listening socket of fit {@code runId} in this JVM, if any.
     *
     * @param runId the fit's run id
     */
    static void release(String runId) {
        ServerSocket server = SERVERS.remove(runId);
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // best effort: the fit is over
            }
        }
    }

    /** The partition a connecting task presents with the job's token, or -1 when it presents anything else. */
    private static int hello(BarrierTaskContext context, Socket socket, long token, int replicas) {
        try {
            byte[] hello = new byte[12];
            readFully(context, socket.getInputStream(), hello, 12);
            ByteBuffer b = ByteBuffer.wrap(hello);
            long presented = b.getLong();
            int p = b.getInt();
            return presented == token && p > 0 && p < replicas ? p : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The address the root listened on, for the driver to give the fit's next job.
     *
     * @return "host port" at the root, null elsewhere and with one partition
     */
    String rootAddress() {
        return rootAddress;
    }

    /** Whether this is partition 0's task, the one that receives every result. */
    boolean root() {
        return partition == 0;
    }

    /**
     * Sends {@code mine} to the root.
     *
     * @param mine this task's result (read only)
     * @return at the root, every partition's result in partition order ({@code mine} itself at 0, the others new);
     *         elsewhere null
     * @throws IOException when a link fails
     */
    List<PartitionResult> gather(PartitionResult mine) throws IOException {
        if (!root()) {
            send(0, codec.encode(mine));
            return null;
        }
        List<PartitionResult> all = new ArrayList<>(replicas);
        all.add(mine);
        for (int p = 1; p < replicas; p++) {
            all.add(decode(p, receive(p)));
        }
        return all;
    }

    /**
     * Gives every task every partition's result: the root gathers them, then sends each task the others'.
     *
     * @param mine this task's result (read only)
     * @return every partition's result in partition order, {@code mine} itself at this task's index
     * @throws IOException when a link fails
     */
    List<PartitionResult> allGather(PartitionResult mine) throws IOException {
        if (root()) {
            List<PartitionResult> all = gather(mine);
            ByteBuffer own = codec.encode(mine);
            for (int q = 1; q < replicas; q++) {
                for (int p = 0; p < replicas; p++) {
                    if (p != q) {
                        write(q, p == 0 ? own : ByteBuffer.wrap(buffers[p], 0, lengths[p]));
                    }
                }
                outputs[q].flush();
            }
            return all;
        }
        send(0, codec.encode(mine));
        List<PartitionResult> all = new ArrayList<>(replicas);
        for (int p = 0; p < replicas; p++) {
            all.add(p == partition ? mine : decode(p, receive(0)));
        }
        return all;
    }

    /** Partition {@code p}'s result, its values in the array of its previous one. */
    private PartitionResult decode(int p, ByteBuffer message) {
        PartitionResult result = ResultCodec.decode(message, values[p]);
        values[p] = result.values();
        return result;
    }

    /** Closes every connection. */
    @Override
    public void close() {
        closeAll(sockets);
    }

    private void send(int to, ByteBuffer message) throws IOException {
        write(to, message);
        outputs[to].flush();
    }

    private void write(int to, ByteBuffer message) throws IOException {
        outputs[to].writeInt(message.remaining());
        outputs[to].write(message.array(), message.arrayOffset() + message.position(), message.remaining());
    }

    private ByteBuffer receive(int from) throws IOException {
        InputStream in = sockets[from].getInputStream();
        byte[] header = new byte[4];
        readFully(context, in, header, 4);
        int length = ByteBuffer.wrap(header).getInt();
        if (buffers[from] == null || buffers[from].length < length) {
            buffers[from] = new byte[length];
        }
        readFully(context, in, buffers[from], length);
        lengths[from] = length;
        return ByteBuffer.wrap(buffers[from], 0, length);
    }

    private static Socket accept(BarrierTaskContext context, ServerSocket server) throws IOException {
        try {
            Socket socket = server.accept();
            configure(socket);
            return socket;
        } catch (SocketTimeoutException e) {
            checkKilled(context);
            return null;
        }
    }

    private static void configure(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(POLL_MS);
    }

    /** Reads {@code length} bytes, checking between timed-out reads whether Spark killed the task. */
    private static void readFully(BarrierTaskContext context, InputStream in, byte[] into, int length) throws IOException {
        int n = 0;
        while (n < length) {
            int r;
            try {
                r = in.read(into, n, length - n);
            } catch (SocketTimeoutException e) {
                checkKilled(context);
                continue;
            }
            if (r < 0) {
                throw new EOFException("a task of partition " + context.partitionId()
                        + "'s barrier job closed its link (it failed or was killed)");
            }
            n += r;
        }
    }

    private static void checkKilled(BarrierTaskContext context) {
        if (context.isInterrupted()) {
            throw new TaskKilledException(context.getKillReason().isDefined() ? context.getKillReason().get() : "killed");
        }
    }

    private static void closeAll(Socket[] sockets) {
        for (Socket s : sockets) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is best effort: the task is ending either way
                }
            }
        }
    }
}
