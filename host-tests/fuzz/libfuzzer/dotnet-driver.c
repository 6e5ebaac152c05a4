// libFuzzer front end for a .NET fuzz target that runs SharpFuzz's Fuzzer.LibFuzzer.Run (SharpFuzz 2.3.0).
//
// libFuzzer lives in this process (linked with clang's -fsanitize=fuzzer); the code under test lives in a .NET
// child process. The two talk the way SharpFuzz's LibFuzzer.Run expects on POSIX:
//
//   environment  __LIBFUZZER_SHM_ID            System V shared memory id (decimal), attached by the child
//                __LIBFUZZER_CONTROL_PIPE_ID   fd the child reads from  (parent -> child)
//                __LIBFUZZER_STATUS_PIPE_ID    fd the child writes to   (child -> parent)
//   shared mem   [0, 64 KiB)                   edge map: SharpFuzz's instrumentation does map[cur ^ prev]++
//                [64 KiB, 64 KiB + DATA_MAX)   the input bytes
//   messages     child  -> status   int32 0          once attached and ready
//                parent -> control  int32 length     "run the input now in shared memory"
//                child  -> status   int32 0 / != 0   ran cleanly / an exception escaped (the child printed it to
//                                                    stderr and exits, as a libFuzzer target would)
//
// After each input the edge map is copied into libFuzzer's extra counters, so the .NET edges become the features
// that guide libFuzzer ("ft:" in its status lines; there is no "cov:", since this driver is not instrumented).
//
// Build: clang -c dotnet-driver.c, then link with clang -fsanitize=fuzzer (see run.sh).
// Usage: dotnet-driver [libFuzzer flags] [corpus dirs] --target=dotnet --target=Fuzz.dll --target=ring ...
//        (one --target= per argv element of the child; libFuzzer ignores flags that start with "--")
//        --target_timeout=S  seconds to wait for one input's status before calling it a hang (default 30)
//        --start_timeout=S   seconds to wait for the child to be ready (default 300: JIT and harness warm-up)

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAP_SIZE (1 << 16) // SharpFuzz.Fuzzer.MapSize: the edge map, then the input
#define DATA_MAX (1 << 20) // room for one input
#define MAX_TARGET_ARGS 64

// libFuzzer (clang 14) treats every byte of this section as a coverage counter, cleared before each input.
// Not static, and "used": we only ever write it, so the compiler would otherwise drop it and the section with it.
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t extra_counters[MAP_SIZE];

static uint8_t *shm;         // edge map at shm[0], input at shm[MAP_SIZE]
static int shm_id = -1;
static int control_fd = -1;  // our write end
static int status_fd = -1;   // our read end
static pid_t child = -1;
static int target_timeout_ms = 30 * 1000;
static int start_timeout_ms = 300 * 1000;

// Figures printed at exit: how many inputs ran and how many distinct .NET edge slots they reached.
static uint8_t edges_seen[MAP_SIZE];
static long edges_total;
static long inputs_run;

static void fail(const char *what)
{
    fprintf(stderr, "dotnet-driver: %s\n", what);
    exit(1);
}

static void fail_errno(const char *what)
{
    fprintf(stderr, "dotnet-driver: %s: %s\n", what, strerror(errno));
    exit(1);
}

// Explains how the child ended (if it has) and reaps it.
static void describe_child_exit(void)
{
    int st;
    if (child > 0 && waitpid(child, &st, WNOHANG) == child)
    {
        if (WIFEXITED(st))
            fprintf(stderr, "dotnet-driver: the .NET target exited with status %d\n", WEXITSTATUS(st));
        else if (WIFSIGNALED(st))
            fprintf(stderr, "dotnet-driver: the .NET target was killed by signal %d\n", WTERMSIG(st));
        child = -1;
    }
}

// Runs at exit (normal end of a -max_total_time run, or fail()): closing the control pipe makes the child's read
// fail so SharpFuzz returns; SIGKILL after a grace period so that no .NET process outlives the fuzzer.
static void stop_child(void)
{
    if (shm_id >= 0)
        shmctl(shm_id, IPC_RMID, NULL);
    if (control_fd >= 0)
        close(control_fd);
    for (int i = 0; child > 0 && i < 50; i++)
    {
        if (waitpid(child, NULL, WNOHANG) == child)
            child = -1;
        else
            usleep(20 * 1000);
    }
    if (child > 0)
    {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
    }
    fprintf(stderr, "dotnet-driver: %ld inputs run, %ld distinct .NET edge slots reached (of %d)\n", inputs_run,
            edges_total, MAP_SIZE);
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

// Reads one int32 from the status pipe within timeout_ms. Returns 1 on success, 0 if the child closed the pipe
// (it died), -1 on timeout. A signal (libFuzzer's own timer) interrupts poll: retry with the time left.
static int read_status(int32_t *status, int timeout_ms)
{
    long deadline = now_ms() + timeout_ms;
    size_t got = 0;
    while (got < sizeof *status)
    {
        long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        struct pollfd p = {.fd = status_fd, .events = POLLIN};
        int r = poll(&p, 1, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            fail_errno("poll(status pipe)");
        if (r == 0)
            return -1;
        ssize_t n = read(status_fd, (char *)status + got, sizeof *status - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail_errno("read(status pipe)");
        if (n == 0)
            return 0;
        got += (size_t)n;
    }
    return 1;
}

static int parse_seconds(const char *text, const char *flag)
{
    char *end;
    long s = strtol(text, &end, 10);
    if (*end != '\0' || s <= 0 || s > 24 * 3600)
    {
        fprintf(stderr, "dotnet-driver: %s wants a number of seconds (1-86400), got '%s'\n", flag, text);
        exit(1);
    }
    return (int)(s * 1000);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char *target[MAX_TARGET_ARGS + 1];
    int targets = 0;
    for (int i = 1; i < *argc; i++)
    {
        const char *a = (*argv)[i];
        if (strncmp(a, "--target=", 9) == 0)
        {
            if (targets == MAX_TARGET_ARGS)
                fail("too many --target= arguments");
            target[targets++] = (char *)a + 9;
        }
        else if (strncmp(a, "--target_timeout=", 17) == 0)
            target_timeout_ms = parse_seconds(a + 17, "--target_timeout");
        else if (strncmp(a, "--start_timeout=", 16) == 0)
            start_timeout_ms = parse_seconds(a + 16, "--start_timeout");
    }
    target[targets] = NULL;
    if (targets == 0)
        fail("no target: pass the .NET command as --target=dotnet --target=PATH/Fuzz.dll --target=HARNESS --target=--libfuzzer");

    // A dead child must show up as EPIPE on write, not kill us with SIGPIPE.
    signal(SIGPIPE, SIG_IGN);

    // O_CLOEXEC on every end: the child gets only its two ends (made inheritable below), so when it dies our read
    // of the status pipe sees end-of-file instead of blocking on a write end we hold ourselves.
    int control[2], status[2];
    if (pipe2(control, O_CLOEXEC) || pipe2(status, O_CLOEXEC))
        fail_errno("pipe2");

    shm_id = shmget(IPC_PRIVATE, MAP_SIZE + DATA_MAX, IPC_CREAT | IPC_EXCL | 0600);
    if (shm_id < 0)
        fail_errno("shmget");
    shm = shmat(shm_id, NULL, 0);
    if (shm == (void *)-1)
        fail_errno("shmat");
    atexit(stop_child);

    char shm_text[16], control_text[16], status_text[16];
    snprintf(shm_text, sizeof shm_text, "%d", shm_id);
    snprintf(control_text, sizeof control_text, "%d", control[0]);
    snprintf(status_text, sizeof status_text, "%d", status[1]);

    fflush(NULL);
    child = fork();
    if (child < 0)
        fail_errno("fork");
    if (child == 0)
    {
        // Die with the fuzzer even if it is SIGKILLed (libFuzzer's -timeout exits with _exit, skipping atexit).
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (fcntl(control[0], F_SETFD, 0) || fcntl(status[1], F_SETFD, 0))
            _exit(127);
        setenv("__LIBFUZZER_SHM_ID", shm_text, 1);
        setenv("__LIBFUZZER_CONTROL_PIPE_ID", control_text, 1);
        setenv("__LIBFUZZER_STATUS_PIPE_ID", status_text, 1);
        execvp(target[0], target);
        fprintf(stderr, "dotnet-driver: cannot run %s: %s\n", target[0], strerror(errno));
        _exit(127);
    }

    close(control[0]);
    close(status[1]);
    control_fd = control[1];
    status_fd = status[0];

    int32_t ready;
    int r = read_status(&ready, start_timeout_ms);
    if (r <= 0)
    {
        describe_child_exit();
        fail(r == 0 ? "the .NET target ended before it was ready (is the harness name right? does it run --libfuzzer?)"
                    : "the .NET target did not report ready in time (--start_timeout)");
    }
    // The child has attached: mark the segment for removal now, so it disappears with the last detach even if
    // this process is killed.
    shmctl(shm_id, IPC_RMID, NULL);
    shm_id = -1;
    fprintf(stderr, "dotnet-driver: .NET target %d ready\n", (int)child);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > DATA_MAX)
        fail("input larger than the shared input area (1 MiB): run with -max_len");

    memset(shm, 0, MAP_SIZE);
    memcpy(shm + MAP_SIZE, data, size);

    int32_t length = (int32_t)size;
    ssize_t n;
    while ((n = write(control_fd, &length, sizeof length)) < 0 && errno == EINTR)
        continue;
    if (n != (ssize_t)sizeof length)
    {
        // The child is gone (EPIPE): it died on an earlier input after reporting success, or was killed.
        describe_child_exit();
        fail("cannot hand the input to the .NET target (it is no longer running)");
    }

    int32_t status;
    int r = read_status(&status, target_timeout_ms);
    inputs_run++;

    // Fold the .NET edges into libFuzzer's counters (also for a crashing input, so the crash report is complete).
    memcpy(extra_counters, shm, MAP_SIZE);
    const uint64_t *words = (const uint64_t *)shm;
    for (int w = 0; w < MAP_SIZE / 8; w++)
    {
        if (words[w] == 0)
            continue;
        for (int b = w * 8; b < w * 8 + 8; b++)
        {
            if (shm[b] && !edges_seen[b])
            {
                edges_seen[b] = 1;
                edges_total++;
            }
        }
    }

    if (r == 1 && status == 0)
        return 0;

    // Everything else is a crash of this input for libFuzzer: abort() makes it save the input as crash-*.
    if (r == 1)
        fprintf(stderr, "dotnet-driver: the .NET target reported an exception for this input (status %d, stack trace above)\n", (int)status);
    else if (r == 0)
    {
        describe_child_exit();
        fprintf(stderr, "dotnet-driver: the .NET target died while running this input\n");
    }
    else
    {
        fprintf(stderr, "dotnet-driver: no status from the .NET target after %d s: treating this input as a hang\n",
                target_timeout_ms / 1000);
        kill(child, SIGKILL);
    }
    abort();
}
