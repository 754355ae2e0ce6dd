// CVision: the one header through which Swift reaches OpenCV 4.6 for image work (decoding,
// resampling, JPEG, drawing, solvePnP; inference is OpenVINO's, see COpenVINO). Why a shim at all:
// OpenCV's API is C++ (classes, overloads, exceptions), which Swift cannot call. Each function is
// a pass-through over opaque handles that catches everything C++ can throw (cv::Exception,
// std::exception such as bad_alloc or out_of_range, anything else) and reports it as an error
// value: NULL or 0, with the reason in cv_last_error(). The logic lives in Swift.
#ifndef VIGIL_CVISION_H
#define VIGIL_CVISION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An 8-bit BGR image (cv::Mat, CV_8UC3, continuous rows).
typedef struct CVImage CVImage;

// MARK: errors (C++ exceptions cannot cross into Swift)

/// Why the last failing call on this thread failed (what() of the exception); never NULL.
const char *cv_last_error(void);

// MARK: images (cv::Mat is a C++ class)

/// Reads an image file as BGR (EXIF orientation applied). NULL when unreadable.
CVImage *cv_image_read(const char *path);
/// Copies packed BGR pixels (rows `bytes_per_row` apart) into a new continuous image. NULL on failure.
CVImage *cv_image_from_bgr(const uint8_t *pixels, int width, int height, int bytes_per_row);
void cv_image_free(CVImage *image);
int cv_image_width(const CVImage *image);
int cv_image_height(const CVImage *image);
/// Pixel bytes and the distance between rows (NULL for an empty image).
const uint8_t *cv_image_pixels(const CVImage *image, int *bytes_per_row);

// MARK: resampling (cv::warpAffine takes cv::Mat and cv::Scalar)

/// cv::warpAffine with a 2x3 row-major matrix mapping source to destination, bilinear,
/// constant border of grey `border` on all channels. NULL on failure.
CVImage *cv_image_warp_affine(const CVImage *image, const double matrix[6], int width, int height, int border);

// MARK: encoding (cv::imencode / cv::imwrite fill std::vector and take std::string)

/// JPEG bytes (malloc'd, free with cv_buffer_free) or NULL.
uint8_t *cv_image_encode_jpeg(const CVImage *image, int quality, size_t *length);
/// Writes PNG or JPEG according to the extension; 1 on success, 0 on failure.
int cv_image_write(const CVImage *image, const char *path);
void cv_buffer_free(uint8_t *buffer);

// MARK: drawing (cv::rectangle / circle / putText take cv::Mat and cv::Scalar; colours are B, G, R)

/// 1 on success, 0 on failure (as for the two below).
int cv_draw_rectangle(CVImage *image, double x, double y, double width, double height,
                      int b, int g, int r, int thickness);
int cv_draw_circle(CVImage *image, double x, double y, double radius, int b, int g, int r, int thickness);
/// Text at the baseline-left point (x, y), Hershey simplex.
int cv_draw_text(CVImage *image, const char *text, double x, double y, double scale,
                 int b, int g, int r, int thickness);

// MARK: threads (cv::setNumThreads is C++)

/// OpenCV's worker threads for its own image work (process-wide); 0 restores the default.
void cv_set_threads(int threads);

// MARK: calib3d (cv::solvePnP takes std::vector and cv::Mat)

/// cv::solvePnP (SQPnP, globally optimal) for `count` 3D↔2D pairs with a pinhole camera (no distortion);
/// writes the rotation matrix (row-major 3x3, via cv::Rodrigues) and translation. 1 on success, 0 on failure.
int cv_solve_pnp(const double *object_points, const double *image_points, int count,
                 double fx, double fy, double cx, double cy, double rotation[9], double translation[3]);

#ifdef __cplusplus
}
#endif

#endif
