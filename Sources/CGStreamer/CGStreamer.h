// CGStreamer: the one header through which Swift reaches GStreamer 1.22, used only by the
// VigilGStreamer module. It includes the public headers Swift calls directly and adds thin
// static-inline pass-throughs, one per thing Swift cannot call, grouped by concern; each says why.
// No logic lives here.
#ifndef VIGIL_CGSTREAMER_H
#define VIGIL_CGSTREAMER_H

#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#define GST_USE_UNSTABLE_API 1
#include <gst/webrtc/webrtc.h>
#include <gst/sdp/sdp.h>

// MARK: casts between GObject types

// GST_BIN is a type-checking cast macro.
static inline GstBin *vigil_as_bin(GstElement *element) { return GST_BIN(element); }
// GST_APP_SINK is a type-checking cast macro.
static inline GstAppSink *vigil_as_app_sink(GstElement *element) { return GST_APP_SINK(element); }
// GST_APP_SRC is a type-checking cast macro.
static inline GstAppSrc *vigil_as_app_src(GstElement *element) { return GST_APP_SRC(element); }
// GST_OBJECT_NAME is a macro over a cast.
static inline const gchar *vigil_object_name(gpointer object) { return GST_OBJECT_NAME(object); }

// MARK: object properties (g_object_set / g_object_get are variadic: one typed call each)

static inline void vigil_object_set_string(gpointer object, const gchar *name, const gchar *value) { g_object_set(object, name, value, NULL); }
static inline void vigil_object_set_int(gpointer object, const gchar *name, gint value) { g_object_set(object, name, value, NULL); }
static inline void vigil_object_set_uint(gpointer object, const gchar *name, guint value) { g_object_set(object, name, value, NULL); }
static inline void vigil_object_set_bool(gpointer object, const gchar *name, gboolean value) { g_object_set(object, name, value, NULL); }
static inline void vigil_object_set_pointer(gpointer object, const gchar *name, gpointer value) { g_object_set(object, name, value, NULL); }
static inline gint vigil_object_get_int(gpointer object, const gchar *name) { gint value = 0; g_object_get(object, name, &value, NULL); return value; }
static inline gpointer vigil_object_get_pointer(gpointer object, const gchar *name) { gpointer value = NULL; g_object_get(object, name, &value, NULL); return value; }

// MARK: bus messages

// GST_MESSAGE_TYPE is a field-access macro over a cast.
static inline GstMessageType vigil_message_type(GstMessage *message) { return GST_MESSAGE_TYPE(message); }
// GST_MESSAGE_SRC / GST_OBJECT_NAME are field-access macros over casts.
static inline const gchar *vigil_message_source_name(GstMessage *message) { return GST_OBJECT_NAME(GST_MESSAGE_SRC(message)); }

// MARK: buffers and timestamps

// GST_CLOCK_TIME_NONE is a macro with a cast, which Swift does not import.
static inline GstClockTime vigil_clock_time_none(void) { return GST_CLOCK_TIME_NONE; }
// GST_BUFFER_PTS is a field-access macro.
static inline GstClockTime vigil_buffer_pts(GstBuffer *buffer) { return GST_BUFFER_PTS(buffer); }
// GST_BUFFER_PTS / GST_BUFFER_DTS are assigned as macro lvalues.
static inline void vigil_buffer_clear_timestamps(GstBuffer *buffer) { GST_BUFFER_PTS(buffer) = GST_CLOCK_TIME_NONE; GST_BUFFER_DTS(buffer) = GST_CLOCK_TIME_NONE; }

// MARK: drawing into a frame in a pad probe

// gst_buffer_make_writable and GST_PAD_PROBE_INFO_BUFFER / _DATA are macros; the writable buffer
// must be put back into the probe info, since that is the buffer that travels on.
static inline GstBuffer *vigil_probe_info_writable_buffer(GstPadProbeInfo *info) {
    GstBuffer *buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
    GST_PAD_PROBE_INFO_DATA(info) = buffer;
    return buffer;
}
// GST_VIDEO_FRAME_PLANE_DATA is a field-access macro.
static inline guint8 *vigil_video_frame_plane(GstVideoFrame *frame, guint plane) { return (guint8 *)GST_VIDEO_FRAME_PLANE_DATA(frame, plane); }
// GST_VIDEO_FRAME_PLANE_STRIDE is a field-access macro.
static inline gint vigil_video_frame_stride(GstVideoFrame *frame, guint plane) { return GST_VIDEO_FRAME_PLANE_STRIDE(frame, plane); }
// GST_VIDEO_INFO_FORMAT is a field-access macro.
static inline GstVideoFormat vigil_video_info_format(const GstVideoInfo *info) { return GST_VIDEO_INFO_FORMAT(info); }

// MARK: webrtcbin action signals (g_signal_emit_by_name is variadic: one typed call each)

static inline void vigil_webrtc_create_offer(GstElement *webrtc, GstPromise *promise) {
    g_signal_emit_by_name(webrtc, "create-offer", NULL, promise);
}
static inline void vigil_webrtc_create_answer(GstElement *webrtc, GstPromise *promise) {
    g_signal_emit_by_name(webrtc, "create-answer", NULL, promise);
}
static inline void vigil_webrtc_set_local_description(GstElement *webrtc, GstWebRTCSessionDescription *description, GstPromise *promise) {
    g_signal_emit_by_name(webrtc, "set-local-description", description, promise);
}
static inline void vigil_webrtc_set_remote_description(GstElement *webrtc, GstWebRTCSessionDescription *description, GstPromise *promise) {
    g_signal_emit_by_name(webrtc, "set-remote-description", description, promise);
}
static inline void vigil_webrtc_add_ice_candidate(GstElement *webrtc, guint mline, const gchar *candidate) {
    g_signal_emit_by_name(webrtc, "add-ice-candidate", mline, candidate);
}
static inline GstWebRTCRTPTransceiver *vigil_webrtc_get_transceiver(GstElement *webrtc, gint index) {
    GstWebRTCRTPTransceiver *transceiver = NULL;
    g_signal_emit_by_name(webrtc, "get-transceiver", index, &transceiver);
    return transceiver;
}
static inline gboolean vigil_webrtc_add_turn_server(GstElement *webrtc, const gchar *uri) {
    gboolean added = FALSE;
    g_signal_emit_by_name(webrtc, "add-turn-server", uri, &added);
    return added;
}

// MARK: GstPromise replies (gst_structure_get is variadic)

// The reply's session description in `field` ("offer", "answer"), or NULL. Caller frees it.
static inline GstWebRTCSessionDescription *vigil_promise_reply_description(const GstStructure *reply, const gchar *field) {
    GstWebRTCSessionDescription *description = NULL;
    if (reply == NULL || !gst_structure_has_field(reply, field)) return NULL;
    gst_structure_get(reply, field, GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &description, NULL);
    return description;
}
// The message of a reply's "error" field (a GError), or NULL. Caller frees it with g_free.
static inline gchar *vigil_promise_reply_error(const GstStructure *reply) {
    GError *error = NULL;
    gchar *message = NULL;
    if (reply == NULL || !gst_structure_has_field(reply, "error")) return NULL;
    gst_structure_get(reply, "error", G_TYPE_ERROR, &error, NULL);
    if (error != NULL) { message = g_strdup(error->message); g_error_free(error); }
    return message;
}


// MARK: recording (stamping buffers for a muxer, reading key-frame flags)

// GST_BUFFER_PTS / GST_BUFFER_DTS are assigned as macro lvalues.
static inline void vigil_buffer_set_timestamps(GstBuffer *buffer, GstClockTime pts) { GST_BUFFER_PTS(buffer) = pts; GST_BUFFER_DTS(buffer) = pts; }
// GST_BUFFER_FLAG_IS_SET is a macro.
static inline gboolean vigil_buffer_is_delta_unit(GstBuffer *buffer) { return GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT); }

#endif
