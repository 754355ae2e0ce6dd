/// One writable I420 frame's planes as GStreamer mapped them, for drawing in place during a pad
/// probe; valid only inside the closure that received it.
package struct I420Planes {
    package var luma: UnsafeMutablePointer<UInt8>
    package var lumaStride: Int
    package var u: UnsafeMutablePointer<UInt8>
    package var uStride: Int
    package var v: UnsafeMutablePointer<UInt8>
    package var vStride: Int
    package var width: Int
    package var height: Int

    package init(luma: UnsafeMutablePointer<UInt8>, lumaStride: Int, u: UnsafeMutablePointer<UInt8>, uStride: Int,
                 v: UnsafeMutablePointer<UInt8>, vStride: Int, width: Int, height: Int) {
        self.luma = luma
        self.lumaStride = lumaStride
        self.u = u
        self.uStride = uStride
        self.v = v
        self.vStride = vStride
        self.width = width
        self.height = height
    }
}
