// The one pass-through Swift needs for OpenVINO's C API; see COpenVINO.h.
#include "COpenVINO.h"

#include <stdio.h>

ov_status_e vigil_ov_compile_for_cpu(const ov_core_t *core, const ov_model_t *model, int threads,
                                     ov_compiled_model_t **compiled_model) {
    if (threads <= 0) {
        return ov_core_compile_model(core, model, "CPU", 8, compiled_model,
                                     ov_property_key_hint_performance_mode, "LATENCY",
                                     ov_property_key_num_streams, "1",
                                     ov_property_key_hint_enable_cpu_pinning, "NO",
                                     ov_property_key_hint_inference_precision, "f32");
    }
    char count[16];
    snprintf(count, sizeof count, "%d", threads);
    return ov_core_compile_model(core, model, "CPU", 10, compiled_model,
                                 ov_property_key_hint_performance_mode, "LATENCY",
                                 ov_property_key_num_streams, "1",
                                 ov_property_key_hint_enable_cpu_pinning, "NO",
                                 ov_property_key_hint_inference_precision, "f32",
                                 ov_property_key_inference_num_threads, count);
}
