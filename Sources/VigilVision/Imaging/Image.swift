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

    /// Why the last CVision call on this thread failed.
    static var lastError: String { String(cString: cv_last_error()) }

    /// Reads a photo from disk (EXIF orientation applied).
    public convenience init(contentsOf path: String) throws(VisionError) {
        guard let handle = cv_image_read(path) else { throw .imageUnreadable(path: path) }
        self.init(handle: handle)
    }

    /// Copies a decoded video frame.
    public convenience init(_ frame: VideoFrame) throws(VisionError) {
        let handle = frame.pixels.withUnsafeBufferPointer {
            frame.pixels.count >= frame.bytesPerRow * frame.height
                ? cv_image_from_bgr($0.baseAddress, Int32(frame.width), Int32(frame.height), Int32(frame.bytesPerRow)) : nil
        }
        guard let handle else {
            throw .imageFailed(operation: "copying a \(frame.width)x\(frame.height) frame (\(frame.pixels.count) bytes, \(frame.bytesPerRow) per row)",
                               reason: frame.pixels.count < frame.bytesPerRow * frame.height ? "fewer bytes than rows × bytes per row" : Self.lastError)
        }
        self.init(handle: handle)
    }

    public var width: Int { Int(cv_image_width(handle)) }
    public var height: Int { Int(cv_image_height(handle)) }

    /// The pixel bytes and the distance between rows; nil for an empty image. Valid while the
    /// image lives.
    var pixels: (base: UnsafePointer<UInt8>, bytesPerRow: Int)? {
        var stride: Int32 = 0
        guard let base = cv_image_pixels(handle, &stride) else { return nil }
        return (base, Int(stride))
    }

    /// The image resampled through `transform` (source → destination pixels) into a
    /// `width` × `height` canvas; outside the source is grey `border`.
    func warped(_ transform: AffineTransform, width: Int, height: Int, border: Int = 0) throws(VisionError) -> Image {
        let matrix = transform.rowMajor
        let handle = matrix.withUnsafeBufferPointer {
            cv_image_warp_affine(self.handle, $0.baseAddress, Int32(width), Int32(height), Int32(border))
        }
        guard let handle else { throw .imageFailed(operation: "resampling to \(width)x\(height)", reason: Self.lastError) }
        return Image(handle: handle)
    }

    /// A copy of a region (in pixels).
    public func cropped(x: Double, y: Double, width: Double, height: Double) throws(VisionError) -> Image {
        let shift = AffineTransform(a: 1, b: 0, c: 0, d: 1, tx: -x, ty: -y)
        return try warped(shift, width: Int(width.rounded()), height: Int(height.rounded()))
    }

    /// A copy scaled to fit `width` × `height` without distortion, centred on black, as a camera
    /// pipeline would letterbox it.
    public func fitted(width: Int, height: Int) throws(VisionError) -> Image {
        let transform = AffineTransform.fit(width: self.width, height: self.height, into: width, height)
        return try warped(transform, width: width, height: height)
    }

    /// A resized copy (stretched to exactly `width` × `height`).
    public func resized(width: Int, height: Int) throws(VisionError) -> Image {
        let scale = AffineTransform(a: Double(width) / Double(self.width), b: 0, c: 0, d: Double(height) / Double(self.height), tx: 0, ty: 0)
        return try warped(scale, width: width, height: height)
    }

    /// JPEG bytes, or empty when OpenCV cannot encode the image.
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
        // Every initialiser refuses an empty image (CVision returns NULL for one), so there are pixels.
        guard let pixels else { preconditionFailure("an Image always has pixels: every initialiser refuses an empty one") }
        let bytes = Array(UnsafeBufferPointer(start: pixels.base, count: pixels.bytesPerRow * height))
        return VideoFrame(width: width, height: height, bytesPerRow: pixels.bytesPerRow, pixels: bytes, time: time)
    }
}
