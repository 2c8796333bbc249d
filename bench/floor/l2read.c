/*
 * The floor under batch-1 inference, measured outside the JVM: the time one core needs to read a
 * float array of a network's weight count once, when the array stays cache-resident between reads.
 * A batch-1 forward pass reads every weight once, so no implementation (Java or native) can be faster
 * on this core in float32.
 *
 * Loads are full vectors (GCC vector extensions: 512-bit when the compiler targets AVX-512, 256-bit
 * otherwise, e.g. with -mno-avx512f as BENCH_ISA=avx2 bench/floor/run builds it) into eight independent
 * accumulators, so the loop is bound by loads, not by add latency. Each size is read
 * many times; the best of five timed rounds is printed.
 *
 * Build and run: bench/floor/run (or: gcc -O2 -march=native -o l2read l2read.c && ./l2read).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef __AVX512F__
#define VECTOR_BYTES 64
#else
#define VECTOR_BYTES 32
#endif
#define LANES (VECTOR_BYTES / 4)
typedef float vf __attribute__((vector_size(VECTOR_BYTES)));

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

/* Sum of n floats (n a multiple of 128), 64-byte aligned. */
__attribute__((noinline)) static float read_once(const float *p, long n) {
    vf s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0}, s4 = {0}, s5 = {0}, s6 = {0}, s7 = {0};
    const vf *v = (const vf *) p;
    for (long i = 0; i < n / LANES; i += 8) {
        s0 += v[i];
        s1 += v[i + 1];
        s2 += v[i + 2];
        s3 += v[i + 3];
        s4 += v[i + 4];
        s5 += v[i + 5];
        s6 += v[i + 6];
        s7 += v[i + 7];
    }
    vf s = (s0 + s1) + (s2 + s3) + ((s4 + s5) + (s6 + s7));
    float total = 0;
    for (int l = 0; l < LANES; l++) {
        total += s[l];
    }
    return total;
}

int main(void) {
    /* W2 64-128-128-8: 25,600 weights (28,672 as vecnet packs them, the last layer padded to 32
     * columns); W2b 784-256-128-10: 234,752 weights (237,568 packed). Rounded up to 128 floats. */
    static const struct { const char *what; long floats; } sizes[] = {
        {"W2 weights", 25600}, {"W2 packed", 28672}, {"W2b weights", 234752}, {"W2b packed", 237568},
    };
    volatile float sink = 0;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        long n = (sizes[s].floats + 127) / 128 * 128;
        float *p = aligned_alloc(64, n * sizeof(float));
        for (long i = 0; i < n; i++) {
            p[i] = (float) (i % 7);
        }
        long reps = 400000000L / n;
        for (long r = 0; r < reps; r++) {
            sink += read_once(p, n);
        }
        double best = 1e300;
        for (int round = 0; round < 5; round++) {
            double t0 = now_ns();
            for (long r = 0; r < reps; r++) {
                sink += read_once(p, n);
            }
            double per = (now_ns() - t0) / reps;
            if (per < best) {
                best = per;
            }
        }
        printf("%-12s %7ld floats (%6.1f KiB): %7.3f us per read, %6.1f GB/s\n", sizes[s].what, n,
               n * 4 / 1024.0, best / 1e3, n * 4 / best);
        free(p);
    }
    return 0;
}
