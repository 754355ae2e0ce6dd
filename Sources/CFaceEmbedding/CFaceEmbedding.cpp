// See CFaceEmbedding.h: the network's type (dlib's own definition from
// examples/dnn_face_recognition_ex.cpp, which the model file was trained with) and three
// pass-throughs. No logic here beyond catching exceptions.
#include "CFaceEmbedding.h"

#include <cstring>
#include <dlib/dnn.h>

namespace {
using namespace dlib;

template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual = add_prev1<block<N, BN, 1, tag1<SUBNET>>>;

template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<block<N, BN, 2, tag1<SUBNET>>>>>>;

template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;

template <int N, typename SUBNET> using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET> using ares_down = relu<residual_down<block, N, affine, SUBNET>>;

template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;

using anet_type = loss_metric<fc_no_bias<128, avg_pool_everything<
    alevel0<alevel1<alevel2<alevel3<alevel4<
    max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;

void copy_error(const char *message, char *error, size_t length) {
    if (error == nullptr || length == 0) return;
    std::strncpy(error, message, length - 1);
    error[length - 1] = '\0';
}
}  // namespace

struct FENetwork {
    anet_type net;
};

extern "C" FENetwork *fe_network_load(const char *path, char *error, size_t error_length) {
    try {
        auto *network = new FENetwork();
        try {
            dlib::deserialize(path) >> network->net;
        } catch (...) {
            delete network;
            throw;
        }
        return network;
    } catch (const std::exception &e) {
        copy_error(e.what(), error, error_length);
    } catch (...) {
        copy_error("unknown dlib error while loading the network", error, error_length);
    }
    return nullptr;
}

extern "C" int fe_network_describe(FENetwork *network, const uint8_t *rgb_chip, float descriptor[FE_DESCRIPTOR_LENGTH],
                                   char *error, size_t error_length) {
    try {
        dlib::matrix<dlib::rgb_pixel> chip(FE_CHIP_SIDE, FE_CHIP_SIDE);
        for (long r = 0; r < FE_CHIP_SIDE; ++r)
            for (long c = 0; c < FE_CHIP_SIDE; ++c) {
                const uint8_t *p = rgb_chip + (r * FE_CHIP_SIDE + c) * 3;
                chip(r, c) = dlib::rgb_pixel(p[0], p[1], p[2]);
            }
        dlib::matrix<float, 0, 1> out = network->net(chip);
        for (long i = 0; i < FE_DESCRIPTOR_LENGTH; ++i) descriptor[i] = out(i);
        return 0;
    } catch (const std::exception &e) {
        copy_error(e.what(), error, error_length);
    } catch (...) {
        copy_error("unknown dlib error in the forward pass", error, error_length);
    }
    return 1;
}

extern "C" void fe_network_free(FENetwork *network) { delete network; }
