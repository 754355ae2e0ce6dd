internal import CGStreamer

/// Typed property setters and getters: g_object_set / g_object_get are variadic, so each type
/// goes through its own CGStreamer pass-through. Setting a property is MT-safe and returns at once.
extension ElementRef {
    package func set(_ property: String, _ value: String) { vigil_object_set_string(pointer, property, value) }
    package func set(_ property: String, _ value: Int32) { vigil_object_set_int(pointer, property, value) }
    package func set(_ property: String, _ value: UInt32) { vigil_object_set_uint(pointer, property, value) }
    package func set(_ property: String, _ value: Bool) { vigil_object_set_bool(pointer, property, value ? 1 : 0) }

    /// A caps-typed property (e.g. typefind's "caps"), nil while unset.
    package func caps(_ property: String) -> Caps? {
        guard let value = vigil_object_get_pointer(pointer, property) else { return nil }
        return Caps(owning: value.assumingMemoryBound(to: GstCaps.self))
    }
}
