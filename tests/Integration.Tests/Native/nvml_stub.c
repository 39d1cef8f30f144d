/*
 * A stand-in for libnvidia-ml.so.1 with three simulated GPUs, so the real P/Invoke path can be tested
 * on a machine without NVIDIA hardware. Build:
 *   gcc -shared -fPIC -O2 -o libnvidia-ml.so.1 nvml_stub.c -DSTUB_CALL_LOG='"/path/calls.log"'
 *
 * Device 0: H100, energy counter, 300 W, setters succeed (and are logged to STUB_CALL_LOG).
 * Device 1: H100, energy counter, 250 W, setters answer NO_PERMISSION.
 * Device 2: P100 (Pascal), no energy counter (NOT_SUPPORTED), no power fields, 70 W through nvmlDeviceGetPowerUsage.
 * The energy counters advance with CLOCK_MONOTONIC. nvmlDeviceGetCurrentClocksEventReasons is deliberately
 * absent, as on drivers older than 535, so that callers must detect it.
 * Read-back: the file STUB_READBACK (compiled in) may hold lines "floor_mw N" (the enforced power limit is at least
 * N, as a firmware clamp makes it), "throttle N" (clock event reasons, e.g. 64 = hardware thermal slowdown) and
 * "temperature N" (degrees C; 40 when absent), "fail_limit N" (setting a power limit on device N answers UNKNOWN, as a
 * driver fault would), "may_set N" (device N accepts setters, overriding its permission) and "lost N" (device N's
 * handle answers GPU_IS_LOST, as a GPU fallen off the bus does); it is read on every call, so a test can change it
 * between calls.
 * With NVML_STUB_STATE set to a file, the settings (power limit, locked clocks) are read from it when NVML is
 * first opened and written to it after every change, so that they outlive the process, as a real GPU's do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef STUB_READBACK
#define STUB_READBACK "/dev/null"
#endif

#ifndef STUB_CALL_LOG
#define STUB_CALL_LOG "/dev/null"
#endif

typedef int nvmlReturn_t;
enum {
    SUCCESS = 0, UNINITIALIZED = 1, INVALID_ARGUMENT = 2, NOT_SUPPORTED = 3, NO_PERMISSION = 4,
    NOT_FOUND = 6, INSUFFICIENT_SIZE = 7, GPU_IS_LOST = 15, UNKNOWN = 999
};

typedef struct {
    const char *name, *uuid, *bus_id;
    unsigned architecture;
    int has_energy_counter, has_power_fields, may_set;
    unsigned power_mw, min_limit_mw, max_limit_mw, default_limit_mw;
    const unsigned *memory_clocks; unsigned memory_clock_count;
    unsigned graphics_min_mhz, graphics_max_mhz, graphics_step_mhz;
    unsigned long long energy_base_mj;
    /* mutable state */
    unsigned limit_mw, locked_min_mhz, locked_max_mhz;
} stub_device;

typedef struct {
    char busIdLegacy[16];
    unsigned domain, bus, device, pciDeviceId, pciSubSystemId;
    char busId[32];
} nvmlPciInfo_t;

typedef struct {
    unsigned fieldId, scopeId;
    long long timestamp, latencyUsec;
    int valueType;
    nvmlReturn_t nvmlReturn;
    union { double d; unsigned ui; unsigned long long ull; long long sll; } value;
} nvmlFieldValue_t;

static const unsigned h100_memory[] = {2619, 1593};
static const unsigned p100_memory[] = {715};

static stub_device devices[] = {
    {"NVIDIA H100 80GB HBM3", "GPU-5a1f0c3e-0000-4000-8000-000000000000", "00000000:18:00.0", 9, 1, 1, 1,
     300000, 200000, 700000, 700000, h100_memory, 2, 345, 1980, 15, 123456789ULL, 700000, 0, 0},
    {"NVIDIA H100 80GB HBM3", "GPU-5a1f0c3e-0000-4000-8000-000000000001", "00000000:2A:00.0", 9, 1, 1, 0,
     250000, 200000, 700000, 700000, h100_memory, 2, 345, 1980, 15, 987654321ULL, 700000, 0, 0},
    {"Tesla P100-PCIE-16GB", "GPU-5a1f0c3e-0000-4000-8000-000000000002", "00000000:3B:00.0", 4, 0, 0, 1,
     70000, 125000, 250000, 250000, p100_memory, 1, 544, 1328, 1, 0ULL, 250000, 0, 0},
};
#define DEVICE_COUNT (sizeof(devices) / sizeof(devices[0]))

static int init_count = 0;

static double seconds_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + now.tv_nsec / 1e9;
}

static stub_device *lookup(void *handle) {
    for (unsigned i = 0; i < DEVICE_COUNT; i++)
        if (handle == &devices[i]) return &devices[i];
    return NULL;
}

#define DEVICE_OR_FAIL(handle, var) \
    if (__atomic_load_n(&init_count, __ATOMIC_SEQ_CST) <= 0) return UNINITIALIZED; \
    stub_device *var = lookup(handle); \
    if (var == NULL) return INVALID_ARGUMENT;

static void log_call(const char *line) {
    FILE *log = fopen(STUB_CALL_LOG, "a");
    if (log) { fputs(line, log); fputc('\n', log); fclose(log); }
}

static unsigned device_index(stub_device *d) { return (unsigned)(d - devices); }

/* The value of a "name N" line of STUB_READBACK, or fallback when there is none. */
static unsigned long long readback(const char *name, unsigned long long fallback) {
    FILE *file = fopen(STUB_READBACK, "r");
    if (!file) return fallback;
    char key[32];
    unsigned long long value, found = fallback;
    while (fscanf(file, "%31s %llu", key, &value) == 2)
        if (strcmp(key, name) == 0) found = value;
    fclose(file);
    return found;
}

/* One line per device: index, power limit (mW), locked minimum and maximum SM clock (MHz, 0 = not locked). */
static void load_state(void) {
    const char *path = getenv("NVML_STUB_STATE");
    if (!path) return;
    FILE *file = fopen(path, "r");
    if (!file) return;
    unsigned index, limit, low, high;
    while (fscanf(file, "%u %u %u %u", &index, &limit, &low, &high) == 4)
        if (index < DEVICE_COUNT) {
            devices[index].limit_mw = limit; devices[index].locked_min_mhz = low; devices[index].locked_max_mhz = high;
        }
    fclose(file);
}

static void save_state(void) {
    const char *path = getenv("NVML_STUB_STATE");
    if (!path) return;
    FILE *file = fopen(path, "w");
    if (!file) return;
    for (unsigned i = 0; i < DEVICE_COUNT; i++)
        fprintf(file, "%u %u %u %u\n", i, devices[i].limit_mw, devices[i].locked_min_mhz, devices[i].locked_max_mhz);
    fclose(file);
}

nvmlReturn_t nvmlInit_v2(void) {
    if (__atomic_add_fetch(&init_count, 1, __ATOMIC_SEQ_CST) == 1) load_state();
    return SUCCESS;
}

nvmlReturn_t nvmlShutdown(void) {
    if (__atomic_load_n(&init_count, __ATOMIC_SEQ_CST) <= 0) return UNINITIALIZED;
    __atomic_sub_fetch(&init_count, 1, __ATOMIC_SEQ_CST);
    return SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
    case SUCCESS: return "Success";
    case UNINITIALIZED: return "Uninitialized";
    case INVALID_ARGUMENT: return "Invalid Argument";
    case NOT_SUPPORTED: return "Not Supported";
    case NO_PERMISSION: return "Insufficient Permissions";
    case NOT_FOUND: return "Not Found";
    case INSUFFICIENT_SIZE: return "Insufficient Size";
    case GPU_IS_LOST: return "GPU is lost";
    default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned *count) {
    if (__atomic_load_n(&init_count, __ATOMIC_SEQ_CST) <= 0) return UNINITIALIZED;
    if (!count) return INVALID_ARGUMENT;
    *count = DEVICE_COUNT;
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned index, void **device) {
    if (__atomic_load_n(&init_count, __ATOMIC_SEQ_CST) <= 0) return UNINITIALIZED;
    if (!device || index >= DEVICE_COUNT) return INVALID_ARGUMENT;
    if (readback("lost", DEVICE_COUNT) == index) return GPU_IS_LOST;
    *device = &devices[index];
    return SUCCESS;
}

static nvmlReturn_t copy_string(const char *value, char *buffer, unsigned length) {
    if (!buffer) return INVALID_ARGUMENT;
    if (strlen(value) + 1 > length) return INSUFFICIENT_SIZE;
    strcpy(buffer, value);
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(void *h, char *name, unsigned length) { DEVICE_OR_FAIL(h, d); return copy_string(d->name, name, length); }

nvmlReturn_t nvmlDeviceGetUUID(void *h, char *uuid, unsigned length) { DEVICE_OR_FAIL(h, d); return copy_string(d->uuid, uuid, length); }

nvmlReturn_t nvmlDeviceGetPciInfo_v3(void *h, nvmlPciInfo_t *pci) {
    DEVICE_OR_FAIL(h, d);
    if (!pci) return INVALID_ARGUMENT;
    memset(pci, 0, sizeof(*pci));
    strcpy(pci->busId, d->bus_id);
    strncpy(pci->busIdLegacy, d->bus_id + 4, sizeof(pci->busIdLegacy) - 1);
    pci->pciDeviceId = 0x233010de;
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceGetArchitecture(void *h, unsigned *architecture) { DEVICE_OR_FAIL(h, d); *architecture = d->architecture; return SUCCESS; }

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(void *h, unsigned long long *energy_mj) {
    DEVICE_OR_FAIL(h, d);
    if (!d->has_energy_counter) return NOT_SUPPORTED;
    *energy_mj = d->energy_base_mj + (unsigned long long)(seconds_now() * d->power_mw);
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(void *h, unsigned *power_mw) { DEVICE_OR_FAIL(h, d); *power_mw = d->power_mw; return SUCCESS; }

nvmlReturn_t nvmlDeviceGetFieldValues(void *h, int count, nvmlFieldValue_t *values) {
    DEVICE_OR_FAIL(h, d);
    for (int i = 0; i < count; i++) {
        nvmlFieldValue_t *f = &values[i];
        f->timestamp = (long long)(seconds_now() * 1e6);
        f->latencyUsec = 0;
        f->valueType = 1; /* unsigned int */
        if ((f->fieldId == 185 || f->fieldId == 186) && d->has_power_fields) {
            f->nvmlReturn = SUCCESS;
            f->value.ull = 0;
            f->value.ui = f->fieldId == 186 ? d->power_mw + 5000 : d->power_mw;
        } else {
            f->nvmlReturn = NOT_SUPPORTED;
        }
    }
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceGetClockInfo(void *h, int type, unsigned *mhz) {
    DEVICE_OR_FAIL(h, d);
    if (type == 2) { *mhz = d->memory_clocks[0]; return SUCCESS; }
    if (type == 0 || type == 1) { *mhz = d->locked_max_mhz ? d->locked_max_mhz : d->graphics_max_mhz; return SUCCESS; }
    return NOT_SUPPORTED;
}

nvmlReturn_t nvmlDeviceGetSupportedMemoryClocks(void *h, unsigned *count, unsigned *clocks) {
    DEVICE_OR_FAIL(h, d);
    if (!count) return INVALID_ARGUMENT;
    if (*count < d->memory_clock_count || !clocks) { *count = d->memory_clock_count; return INSUFFICIENT_SIZE; }
    *count = d->memory_clock_count;
    memcpy(clocks, d->memory_clocks, d->memory_clock_count * sizeof(unsigned));
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceGetSupportedGraphicsClocks(void *h, unsigned memory_mhz, unsigned *count, unsigned *clocks) {
    DEVICE_OR_FAIL(h, d);
    int known = 0;
    for (unsigned i = 0; i < d->memory_clock_count; i++) known |= d->memory_clocks[i] == memory_mhz;
    if (!known || !count) return INVALID_ARGUMENT;
    unsigned needed = d->graphics_step_mhz == 1 ? 3 : (d->graphics_max_mhz - d->graphics_min_mhz) / d->graphics_step_mhz + 1;
    if (*count < needed || !clocks) { *count = needed; return INSUFFICIENT_SIZE; }
    *count = needed;
    if (d->graphics_step_mhz == 1) { clocks[0] = d->graphics_max_mhz; clocks[1] = 1189; clocks[2] = d->graphics_min_mhz; return SUCCESS; }
    for (unsigned i = 0; i < needed; i++) clocks[i] = d->graphics_max_mhz - i * d->graphics_step_mhz;
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerManagementLimitConstraints(void *h, unsigned *min_mw, unsigned *max_mw) {
    DEVICE_OR_FAIL(h, d);
    *min_mw = d->min_limit_mw; *max_mw = d->max_limit_mw;
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerManagementLimit(void *h, unsigned *mw) { DEVICE_OR_FAIL(h, d); *mw = d->limit_mw; return SUCCESS; }

nvmlReturn_t nvmlDeviceGetPowerManagementDefaultLimit(void *h, unsigned *mw) { DEVICE_OR_FAIL(h, d); *mw = d->default_limit_mw; return SUCCESS; }

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(void *h, unsigned *mw) {
    DEVICE_OR_FAIL(h, d);
    unsigned floor = (unsigned)readback("floor_mw", 0);
    *mw = d->limit_mw > floor ? d->limit_mw : floor;
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTemperature(void *h, int sensor, unsigned *celsius) {
    DEVICE_OR_FAIL(h, d);
    if (sensor != 0) return INVALID_ARGUMENT;
    *celsius = (unsigned)readback("temperature", 40);
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPersistenceMode(void *h, int *mode) { DEVICE_OR_FAIL(h, d); *mode = 1; return SUCCESS; }

nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(void *h, unsigned long long *reasons) {
    DEVICE_OR_FAIL(h, d);
    *reasons = readback("throttle", d->limit_mw < d->default_limit_mw ? 0x4ULL : 0x1ULL);
    return SUCCESS;
}

/* Whether a setter may change the device: its own permission, or a "may_set N" line naming it. */
static int may_set(stub_device *d) { return d->may_set || readback("may_set", DEVICE_COUNT) == device_index(d); }

nvmlReturn_t nvmlDeviceSetGpuLockedClocks(void *h, unsigned min_mhz, unsigned max_mhz) {
    DEVICE_OR_FAIL(h, d);
    if (!may_set(d)) return NO_PERMISSION;
    if (min_mhz > max_mhz) return INVALID_ARGUMENT;
    char line[128];
    snprintf(line, sizeof line, "nvmlDeviceSetGpuLockedClocks %u %u %u", device_index(d), min_mhz, max_mhz);
    log_call(line);
    d->locked_min_mhz = min_mhz; d->locked_max_mhz = max_mhz;
    save_state();
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceResetGpuLockedClocks(void *h) {
    DEVICE_OR_FAIL(h, d);
    if (!may_set(d)) return NO_PERMISSION;
    char line[128];
    snprintf(line, sizeof line, "nvmlDeviceResetGpuLockedClocks %u", device_index(d));
    log_call(line);
    d->locked_min_mhz = 0; d->locked_max_mhz = 0;
    save_state();
    return SUCCESS;
}

nvmlReturn_t nvmlDeviceSetPowerManagementLimit(void *h, unsigned limit_mw) {
    DEVICE_OR_FAIL(h, d);
    if (!may_set(d)) return NO_PERMISSION;
    if (readback("fail_limit", DEVICE_COUNT) == device_index(d)) return UNKNOWN;
    if (limit_mw < d->min_limit_mw || limit_mw > d->max_limit_mw) return INVALID_ARGUMENT;
    char line[128];
    snprintf(line, sizeof line, "nvmlDeviceSetPowerManagementLimit %u %u", device_index(d), limit_mw);
    log_call(line);
    d->limit_mw = limit_mw;
    save_state();
    return SUCCESS;
}

/* For tests: nvmlInit_v2 calls not yet matched by nvmlShutdown (0 when every opener has closed NVML). */
int nvmlStubOpenCount(void) { return __atomic_load_n(&init_count, __ATOMIC_SEQ_CST); }
