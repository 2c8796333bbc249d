package dev.vecnet.nn;

import dev.vecnet.kernel.WorkerTeam;

/**
 * The per-context state of a layer whose passes may be split across a team: the team, and the
 * arguments of the call in progress, which the state's range tasks (created once, with the state) read.
 * Setting fields instead of capturing arguments is what keeps a split pass free of allocation.
 */
class LayerCall implements LayerState {
    /** The team that splits this context's passes; null for the calling thread alone. */
    final WorkerTeam team;
    float[] x;
    int xOff;
    float[] y;
    float[] dy;
    float[] dx;
    float[] dParameters;
    int batch;

    LayerCall(WorkerTeam team) {
        this.team = team;
    }

    /** Records a call's arguments for the range tasks; returns this. */
    LayerCall set(float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters, int batch) {
        this.x = x;
        this.xOff = xOff;
        this.y = y;
        this.dy = dy;
        this.dx = dx;
        this.dParameters = dParameters;
        this.batch = batch;
        return this;
    }

    /** Drops the references of the finished call, so the state does not keep a caller's arrays alive. */
    void clear() {
        set(null, 0, null, null, null, null, 0);
    }
}
