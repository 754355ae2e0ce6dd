// dlib's face recognition ResNet (dlib_face_recognition_resnet_model_v1.dat) behind a C API.
//
// Why a shim at all: the network is a dlib C++ template type (`loss_metric<fc_no_bias<128, …>>`,
// dozens of nested templates), deserialised and run through template members; Swift cannot
// instantiate such templates, and dlib reports errors by C++ exceptions, which must not cross into
// Swift. Everything else (which face, alignment, the comparison, thresholds) is Swift's
// (VigilVision/Identity). Each function is a pass-through that says why it is here.
#ifndef CFACEEMBEDDING_H
#define CFACEEMBEDDING_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The side of the aligned face chip the network takes (dlib's `input_rgb_image_sized<150>`).
#define FE_CHIP_SIDE 150
/// The length of one face descriptor.
#define FE_DESCRIPTOR_LENGTH 128

typedef struct FENetwork FENetwork;

/// Loads the model file. Why here: `dlib::deserialize(path) >> net` needs the concrete template
/// type and throws on a bad file. Returns NULL with the reason in `error` (NUL-terminated).
FENetwork *fe_network_load(const char *path, char *error, size_t error_length);

/// One descriptor of a FE_CHIP_SIDE x FE_CHIP_SIDE RGB chip (rows of 3 x side bytes, tightly
/// packed, already aligned). Why here: the forward pass is `net(matrix<rgb_pixel>)`, a template
/// member; a dlib exception becomes a non-zero return with the reason in `error`.
int fe_network_describe(FENetwork *network, const uint8_t *rgb_chip, float descriptor[FE_DESCRIPTOR_LENGTH],
                        char *error, size_t error_length);

/// Frees the network. Why here: it is a C++ object with a destructor.
void fe_network_free(FENetwork *network);

#ifdef __cplusplus
}
#endif

#endif
