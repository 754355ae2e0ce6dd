import CVision
import VigilCore

/// An 8-bit BGR image owned by OpenCV. Reference type so a frame is never copied by accident;
/// not Sendable: an image belongs to the one analyzer that made it.
public final class Image {
    let handle: OpaquePointer

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { cv_image_free(handle) }

    /// Reads a photo from disk (EXIF orientation applied).
    public convenience init(contentsOf path: String) throws(VisionError) {
        guard let handle = cv_image_read(path) else { throw .imageUnreadable(path: path) }
        self.init(handle: handle)
    }

    /// Copies a decoded video frame.
    public convenience init(_ frame: VideoFrame) {
        let handle = frame.pixels.withUnsafeBufferPointer {
            cv_image_from_bgr($0.baseAddress, Int32(frame.width), Int32(frame.height), Int32(frame.bytesPerRow))
        }
        self.init(handle: handle!)
    }

    public var width: Int { Int(cv_image_width(handle)) }
    public var height: Int { Int(cv_image_height(handle)) }

    /// The image resampled through `transform` (source → destination pixels) into a
    /// `width` × `height` canvas; outside the source is grey `border`.
    func warped(_ transform: AffineTransform, width: Int, height: Int, border: Int = 0) -> Image {
        let matrix = transform.rowMajor
        let handle = matrix.withUnsafeBufferPointer {
            cv_image_warp_affine(self.handle, $0.baseAddress, Int32(width), Int32(height), Int32(border))
        }
        return Image(handle: handle!)
    }

    /// A copy of a region (in pixels).
    public func cropped(x: Double, y: Double, width: Double, height: Double) -> Image {
        let shift = AffineTransform(a: 1, b: 0, c: 0, d: 1, tx: -x, ty: -y)
        return warped(shift, width: Int(width.rounded()), height: Int(height.rounded()))
    }

    /// A copy scaled to fit `width` × `height` without distortion, centred on black, as a camera
    /// pipeline would letterbox it.
    public func fitted(width: Int, height: Int) -> Image {
        let transform = AffineTransform.fit(width: self.width, height: self.height, into: width, height)
        return warped(transform, width: width, height: height)
    }

    /// A resized copy (stretched to exactly `width` × `height`).
    public func resized(width: Int, height: Int) -> Image {
        let scale = AffineTransform(a: Double(width) / Double(self.width), b: 0, c: 0, d: Double(height) / Double(self.height), tx: 0, ty: 0)
        return warped(scale, width: width, height: height)
    }

    public func jpeg(quality: Int = 85) -> [UInt8] {
        var length = 0
        guard let bytes = cv_image_encode_jpeg(handle, Int32(quality), &length) else { return [] }
        defer { cv_buffer_free(bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: length))
    }

    @discardableResult
    public func write(to path: String) -> Bool { cv_image_write(handle, path) == 1 }

    /// A BGR `VideoFrame` copy of the pixels.
    public func frame(time: Double) -> VideoFrame {
        var stride: Int32 = 0
        let base = cv_image_pixels(handle, &stride)!
        let pixels = Array(UnsafeBufferPointer(start: base, count: Int(stride) * height))
        return VideoFrame(width: width, height: height, bytesPerRow: Int(stride), pixels: pixels, time: time)
    }
}
