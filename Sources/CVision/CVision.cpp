// Pass-throughs to OpenCV 4.6; see CVision.h. Every entry point that can throw runs its body in
// `guarded`, which catches everything and records the reason, so no C++ exception crosses into
// Swift; results are owned by RAII values until handed over, so nothing leaks on a throw.
#include "CVision.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

struct CVImage { cv::Mat mat; };

static thread_local std::string last_error;

/// Runs `body`, returning its result, or `failed` with last_error set when it throws.
template <typename Result, typename Body>
static Result guarded(Result failed, Body body) noexcept {
    try {
        return body();
    } catch (const cv::Exception &exception) {
        try { last_error = exception.what(); } catch (...) {}
    } catch (const std::exception &exception) {
        try { last_error = exception.what(); } catch (...) {}
    } catch (...) {
        try { last_error = "unknown C++ exception"; } catch (...) {}
    }
    return failed;
}

static void fail(const char *reason) {
    try { last_error = reason; } catch (...) {}
}

extern "C" {

const char *cv_last_error(void) { return last_error.c_str(); }

CVImage *cv_image_read(const char *path) {
    return guarded<CVImage *>(nullptr, [&]() -> CVImage * {
        cv::Mat mat = cv::imread(path, cv::IMREAD_COLOR);
        if (mat.empty()) {
            fail("OpenCV could not decode the file");
            return nullptr;
        }
        return std::make_unique<CVImage>(CVImage{mat}).release();
    });
}

CVImage *cv_image_from_bgr(const uint8_t *pixels, int width, int height, int bytes_per_row) {
    return guarded<CVImage *>(nullptr, [&]() -> CVImage * {
        if (pixels == nullptr || width <= 0 || height <= 0 || bytes_per_row < width * 3) {
            fail("not a packed BGR frame (no pixels, or rows shorter than 3 bytes per pixel)");
            return nullptr;
        }
        cv::Mat view(height, width, CV_8UC3, const_cast<uint8_t *>(pixels), static_cast<size_t>(bytes_per_row));
        return std::make_unique<CVImage>(CVImage{view.clone()}).release();
    });
}

void cv_image_free(CVImage *image) { delete image; }
int cv_image_width(const CVImage *image) { return image->mat.cols; }
int cv_image_height(const CVImage *image) { return image->mat.rows; }

const uint8_t *cv_image_pixels(const CVImage *image, int *bytes_per_row) {
    if (bytes_per_row) *bytes_per_row = image->mat.empty() ? 0 : static_cast<int>(image->mat.step[0]);
    return image->mat.empty() ? nullptr : image->mat.data;
}

CVImage *cv_image_warp_affine(const CVImage *image, const double matrix[6], int width, int height, int border) {
    return guarded<CVImage *>(nullptr, [&]() -> CVImage * {
        if (width <= 0 || height <= 0 || image->mat.empty()) {
            fail("cannot resample to or from an empty image");
            return nullptr;
        }
        cv::Mat m(2, 3, CV_64F, const_cast<double *>(matrix));
        auto out = std::make_unique<CVImage>();
        cv::warpAffine(image->mat, out->mat, m, cv::Size(width, height), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                       cv::Scalar(border, border, border));
        return out.release();
    });
}

uint8_t *cv_image_encode_jpeg(const CVImage *image, int quality, size_t *length) {
    return guarded<uint8_t *>(nullptr, [&]() -> uint8_t * {
        std::vector<uchar> bytes;
        if (!cv::imencode(".jpg", image->mat, bytes, {cv::IMWRITE_JPEG_QUALITY, quality}) || bytes.empty()) {
            fail("OpenCV could not encode the image as JPEG");
            return nullptr;
        }
        auto *buffer = static_cast<uint8_t *>(std::malloc(bytes.size()));
        if (buffer == nullptr) {
            fail("out of memory for the JPEG bytes");
            return nullptr;
        }
        std::memcpy(buffer, bytes.data(), bytes.size());
        *length = bytes.size();
        return buffer;
    });
}

int cv_image_write(const CVImage *image, const char *path) {
    return guarded<int>(0, [&] {
        if (cv::imwrite(path, image->mat)) return 1;
        fail("OpenCV could not write the file (unknown extension or unwritable path)");
        return 0;
    });
}

void cv_buffer_free(uint8_t *buffer) { std::free(buffer); }

int cv_draw_rectangle(CVImage *image, double x, double y, double width, double height, int b, int g, int r, int thickness) {
    return guarded<int>(0, [&] {
        cv::rectangle(image->mat, cv::Rect2d(x, y, width, height), cv::Scalar(b, g, r), thickness, cv::LINE_AA);
        return 1;
    });
}

int cv_draw_circle(CVImage *image, double x, double y, double radius, int b, int g, int r, int thickness) {
    return guarded<int>(0, [&] {
        cv::circle(image->mat, cv::Point(cvRound(x), cvRound(y)), cvRound(radius), cv::Scalar(b, g, r), thickness, cv::LINE_AA);
        return 1;
    });
}

int cv_draw_text(CVImage *image, const char *text, double x, double y, double scale, int b, int g, int r, int thickness) {
    return guarded<int>(0, [&] {
        cv::putText(image->mat, text, cv::Point(cvRound(x), cvRound(y)), cv::FONT_HERSHEY_SIMPLEX, scale,
                    cv::Scalar(b, g, r), thickness, cv::LINE_AA);
        return 1;
    });
}

void cv_set_threads(int threads) {
    guarded<int>(0, [&] {
        cv::setNumThreads(threads > 0 ? threads : -1);
        return 1;
    });
}

int cv_solve_pnp(const double *object_points, const double *image_points, int count,
                 double fx, double fy, double cx, double cy, double rotation[9], double translation[3]) {
    return guarded<int>(0, [&] {
        std::vector<cv::Point3d> objects;
        std::vector<cv::Point2d> images;
        for (int i = 0; i < count; ++i) {
            objects.emplace_back(object_points[3 * i], object_points[3 * i + 1], object_points[3 * i + 2]);
            images.emplace_back(image_points[2 * i], image_points[2 * i + 1]);
        }
        cv::Mat camera = (cv::Mat_<double>(3, 3) << fx, 0, cx, 0, fy, cy, 0, 0, 1);
        cv::Mat rvec, tvec;
        if (!cv::solvePnP(objects, images, camera, cv::noArray(), rvec, tvec, false, cv::SOLVEPNP_SQPNP)) {
            fail("solvePnP found no pose");
            return 0;
        }
        cv::Mat r;
        cv::Rodrigues(rvec, r);
        for (int i = 0; i < 9; ++i) rotation[i] = r.at<double>(i / 3, i % 3);
        for (int i = 0; i < 3; ++i) translation[i] = tvec.at<double>(i);
        return 1;
    });
}

}  // extern "C"
