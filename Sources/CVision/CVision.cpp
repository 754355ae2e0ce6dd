// Pass-throughs to OpenCV 4.6; see CVision.h. Every entry point catches cv::Exception so no C++
// exception crosses into Swift.
#include "CVision.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

struct CVImage { cv::Mat mat; };
struct CVNet { cv::dnn::Net net; };
struct CVTensors { std::vector<cv::Mat> outputs; };

static void copy_error(const std::string &message, char *error, size_t length) {
    if (error == nullptr || length == 0) return;
    std::strncpy(error, message.c_str(), length - 1);
    error[length - 1] = '\0';
}

extern "C" {

CVImage *cv_image_read(const char *path) {
    try {
        cv::Mat mat = cv::imread(path, cv::IMREAD_COLOR);
        if (mat.empty()) return nullptr;
        return new CVImage{mat};
    } catch (const cv::Exception &) {
        return nullptr;
    }
}

CVImage *cv_image_from_bgr(const uint8_t *pixels, int width, int height, int bytes_per_row) {
    try {
        cv::Mat view(height, width, CV_8UC3, const_cast<uint8_t *>(pixels), static_cast<size_t>(bytes_per_row));
        return new CVImage{view.clone()};
    } catch (const cv::Exception &) {
        return nullptr;
    }
}

void cv_image_free(CVImage *image) { delete image; }
int cv_image_width(const CVImage *image) { return image->mat.cols; }
int cv_image_height(const CVImage *image) { return image->mat.rows; }

const uint8_t *cv_image_pixels(const CVImage *image, int *bytes_per_row) {
    if (bytes_per_row) *bytes_per_row = static_cast<int>(image->mat.step[0]);
    return image->mat.data;
}

CVImage *cv_image_warp_affine(const CVImage *image, const double matrix[6], int width, int height, int border) {
    try {
        cv::Mat m(2, 3, CV_64F, const_cast<double *>(matrix));
        cv::Mat out;
        cv::warpAffine(image->mat, out, m, cv::Size(width, height), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                       cv::Scalar(border, border, border));
        return new CVImage{out};
    } catch (const cv::Exception &) {
        return nullptr;
    }
}

uint8_t *cv_image_encode_jpeg(const CVImage *image, int quality, size_t *length) {
    try {
        std::vector<uchar> bytes;
        if (!cv::imencode(".jpg", image->mat, bytes, {cv::IMWRITE_JPEG_QUALITY, quality})) return nullptr;
        auto *buffer = static_cast<uint8_t *>(std::malloc(bytes.size()));
        if (buffer == nullptr) return nullptr;
        std::memcpy(buffer, bytes.data(), bytes.size());
        *length = bytes.size();
        return buffer;
    } catch (const cv::Exception &) {
        return nullptr;
    }
}

int cv_image_write(const CVImage *image, const char *path) {
    try {
        return cv::imwrite(path, image->mat) ? 1 : 0;
    } catch (const cv::Exception &) {
        return 0;
    }
}

void cv_buffer_free(uint8_t *buffer) { std::free(buffer); }

void cv_draw_rectangle(CVImage *image, double x, double y, double width, double height, int b, int g, int r, int thickness) {
    cv::rectangle(image->mat, cv::Rect2d(x, y, width, height), cv::Scalar(b, g, r), thickness, cv::LINE_AA);
}

void cv_draw_circle(CVImage *image, double x, double y, double radius, int b, int g, int r, int thickness) {
    cv::circle(image->mat, cv::Point(cvRound(x), cvRound(y)), cvRound(radius), cv::Scalar(b, g, r), thickness, cv::LINE_AA);
}

void cv_draw_text(CVImage *image, const char *text, double x, double y, double scale, int b, int g, int r, int thickness) {
    cv::putText(image->mat, text, cv::Point(cvRound(x), cvRound(y)), cv::FONT_HERSHEY_SIMPLEX, scale,
                cv::Scalar(b, g, r), thickness, cv::LINE_AA);
}

CVNet *cv_net_load_onnx(const char *path, char *error, size_t error_length) {
    try {
        cv::dnn::Net net = cv::dnn::readNetFromONNX(path);
        if (net.empty()) {
            copy_error("OpenCV read the file but found no network in it", error, error_length);
            return nullptr;
        }
        net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        return new CVNet{net};
    } catch (const cv::Exception &exception) {
        copy_error(exception.what(), error, error_length);
        return nullptr;
    }
}

void cv_net_free(CVNet *net) { delete net; }

void cv_set_threads(int threads) { cv::setNumThreads(threads > 0 ? threads : -1); }
int cv_get_threads(void) { return cv::getNumThreads(); }

CVTensors *cv_net_forward(CVNet *net, const CVImage *image, double scale, const double mean[3], int swap_rb,
                          const char *const *output_names, int output_count, char *error, size_t error_length) {
    try {
        cv::Mat blob = cv::dnn::blobFromImage(image->mat, scale, cv::Size(), cv::Scalar(mean[0], mean[1], mean[2]),
                                              swap_rb != 0, false, CV_32F);
        net->net.setInput(blob);
        auto *tensors = new CVTensors();
        if (output_names == nullptr) {
            net->net.forward(tensors->outputs, net->net.getUnconnectedOutLayersNames());
        } else {
            std::vector<cv::String> names(output_names, output_names + output_count);
            net->net.forward(tensors->outputs, names);
        }
        for (auto &output : tensors->outputs) {
            if (output.type() != CV_32F) output.convertTo(output, CV_32F);
            if (!output.isContinuous()) output = output.clone();
        }
        return tensors;
    } catch (const cv::Exception &exception) {
        copy_error(exception.what(), error, error_length);
        return nullptr;
    }
}

int cv_tensors_count(const CVTensors *tensors) { return static_cast<int>(tensors->outputs.size()); }

const float *cv_tensor_data(const CVTensors *tensors, int index, size_t *count) {
    const cv::Mat &mat = tensors->outputs.at(static_cast<size_t>(index));
    if (count) *count = mat.total() * static_cast<size_t>(mat.channels());
    return mat.ptr<float>();
}

void cv_tensors_free(CVTensors *tensors) { delete tensors; }

int cv_solve_pnp(const double *object_points, const double *image_points, int count,
                 double fx, double fy, double cx, double cy, double rotation[9], double translation[3]) {
    try {
        std::vector<cv::Point3d> objects;
        std::vector<cv::Point2d> images;
        for (int i = 0; i < count; ++i) {
            objects.emplace_back(object_points[3 * i], object_points[3 * i + 1], object_points[3 * i + 2]);
            images.emplace_back(image_points[2 * i], image_points[2 * i + 1]);
        }
        cv::Mat camera = (cv::Mat_<double>(3, 3) << fx, 0, cx, 0, fy, cy, 0, 0, 1);
        cv::Mat rvec, tvec;
        if (!cv::solvePnP(objects, images, camera, cv::noArray(), rvec, tvec, false, cv::SOLVEPNP_SQPNP)) return 0;
        cv::Mat r;
        cv::Rodrigues(rvec, r);
        for (int i = 0; i < 9; ++i) rotation[i] = r.at<double>(i / 3, i % 3);
        for (int i = 0; i < 3; ++i) translation[i] = tvec.at<double>(i);
        return 1;
    } catch (const cv::Exception &) {
        return 0;
    }
}

}  // extern "C"
