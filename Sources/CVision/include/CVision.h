// CVision: the one header through which Swift reaches OpenCV 4.6. A C API over opaque handles;
// each function passes through to OpenCV (imgcodecs, imgproc, dnn, calib3d) and catches its C++
// exceptions, turning them into an error text. The detectors' logic (anchors, decoding, geometry,
// thresholds, NMS) lives in Swift.
#ifndef VIGIL_CVISION_H
#define VIGIL_CVISION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An 8-bit BGR image (cv::Mat, CV_8UC3).
typedef struct CVImage CVImage;
/// A loaded network (cv::dnn::Net).
typedef struct CVNet CVNet;
/// The outputs of one forward pass (std::vector<cv::Mat>, float32).
typedef struct CVTensors CVTensors;

// MARK: images

/// Reads an image file as BGR (EXIF orientation applied). NULL when unreadable.
CVImage *cv_image_read(const char *path);
/// Copies packed BGR pixels (rows `bytes_per_row` apart) into a new image.
CVImage *cv_image_from_bgr(const uint8_t *pixels, int width, int height, int bytes_per_row);
void cv_image_free(CVImage *image);
int cv_image_width(const CVImage *image);
int cv_image_height(const CVImage *image);
/// Pixel bytes and the distance between rows.
const uint8_t *cv_image_pixels(const CVImage *image, int *bytes_per_row);
/// cv::warpAffine with a 2x3 row-major matrix mapping source to destination, bilinear,
/// constant border of grey `border` on all channels.
CVImage *cv_image_warp_affine(const CVImage *image, const double matrix[6], int width, int height, int border);
/// JPEG bytes (malloc'd, free with cv_buffer_free) or NULL.
uint8_t *cv_image_encode_jpeg(const CVImage *image, int quality, size_t *length);
/// Writes PNG or JPEG according to the extension; 1 on success.
int cv_image_write(const CVImage *image, const char *path);
void cv_buffer_free(uint8_t *buffer);

// MARK: drawing (colours are B, G, R)

void cv_draw_rectangle(CVImage *image, double x, double y, double width, double height,
                       int b, int g, int r, int thickness);
void cv_draw_circle(CVImage *image, double x, double y, double radius, int b, int g, int r, int thickness);
/// Text at the baseline-left point (x, y), Hershey simplex.
void cv_draw_text(CVImage *image, const char *text, double x, double y, double scale,
                  int b, int g, int r, int thickness);

// MARK: dnn

/// Loads an ONNX file. NULL on failure, with the reason in `error`.
CVNet *cv_net_load_onnx(const char *path, char *error, size_t error_length);
void cv_net_free(CVNet *net);
/// OpenCV's worker threads for every net (cv::setNumThreads); 0 restores the default.
void cv_set_threads(int threads);
int cv_get_threads(void);
/// Builds the input blob with cv::dnn::blobFromImage(image, scale, size of image, mean, swap_rb)
/// and runs forward for the named outputs (all unconnected outputs when names is NULL).
/// NULL on failure, with the reason in `error`.
CVTensors *cv_net_forward(CVNet *net, const CVImage *image, double scale, const double mean[3], int swap_rb,
                          const char *const *output_names, int output_count, char *error, size_t error_length);
int cv_tensors_count(const CVTensors *tensors);
/// Float data of output `index` and its element count.
const float *cv_tensor_data(const CVTensors *tensors, int index, size_t *count);
void cv_tensors_free(CVTensors *tensors);

// MARK: calib3d

/// cv::solvePnP (SQPnP, globally optimal) for `count` 3D↔2D pairs with a pinhole camera (no distortion);
/// writes the rotation matrix (row-major 3x3, via cv::Rodrigues) and translation. 1 on success.
int cv_solve_pnp(const double *object_points, const double *image_points, int count,
                 double fx, double fy, double cx, double cy, double rotation[9], double translation[3]);

#ifdef __cplusplus
}
#endif

#endif
