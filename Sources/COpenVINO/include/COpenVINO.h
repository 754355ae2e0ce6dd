// COpenVINO: OpenVINO 2025.3's C API for Swift. The headers and libraries come from the pinned
// `openvino` wheel on PyPI, unpacked into .openvino/ by scripts/models.sh (tools/models/openvino_runtime.py; see
// docs/vision-engine.md). Swift calls the ov_* functions directly; this header adds only what
// Swift cannot call, each with why.
#ifndef VIGIL_COPENVINO_H
#define VIGIL_COPENVINO_H

#include <openvino/c/openvino.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: compiling a model

/// ov_core_compile_model for the "CPU" device with the properties Vigil runs with (why: its
/// properties are C variadic arguments, which Swift cannot pass): PERFORMANCE_HINT = LATENCY,
/// NUM_STREAMS = 1, ENABLE_CPU_PINNING = NO (several analyzers share the cores),
/// INFERENCE_PRECISION_HINT = f32 (no silent bf16 on CPUs that have it), and
/// INFERENCE_NUM_THREADS = `threads` (0 leaves it to OpenVINO: all cores).
ov_status_e vigil_ov_compile_for_cpu(const ov_core_t *core, const ov_model_t *model, int threads,
                                     ov_compiled_model_t **compiled_model);

#ifdef __cplusplus
}
#endif

#endif
