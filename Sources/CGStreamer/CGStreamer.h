// CGStreamer: the one header through which Swift reaches GStreamer 1.22. It includes the public
// headers Swift can call directly and adds thin static-inline pass-throughs for what Swift cannot
// call: C macros (GST_BUFFER_PTS, GST_MESSAGE_TYPE, casts) and variadic GObject functions
// (g_object_set, g_signal_connect, g_signal_emit_by_name). No logic lives here.
#ifndef VIGIL_CGSTREAMER_H
#define VIGIL_CGSTREAMER_H

#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#define GST_USE_UNSTABLE_API 1
#include <gst/webrtc/webrtc.h>
#include <gst/sdp/sdp.h>

// MARK: macros

static inline GstClockTime vigil_buffer_pts(GstBuffer *buffer) { return GST_BUFFER_PTS(buffer); }
static inline GstClockTime vigil_buffer_duration(GstBuffer *buffer) { return GST_BUFFER_DURATION(buffer); }
static inline GstMessageType vigil_message_type(GstMessage *message) { return GST_MESSAGE_TYPE(message); }
static inline const gchar *vigil_message_source_name(GstMessage *message) { return GST_OBJECT_NAME(GST_MESSAGE_SRC(message)); }
static inline GstClockTime vigil_clock_time_none(void) { return GST_CLOCK_TIME_NONE; }
static inline GstElement *vigil_bin_get(GstElement *bin, const gchar *name) { return gst_bin_get_by_name(GST_BIN(bin), name); }
static inline GstAppSink *vigil_as_app_sink(GstElement *element) { return GST_APP_SINK(element); }
static inline GstAppSrc *vigil_as_app_src(GstElement *element) { return GST_APP_SRC(element); }
static inline void vigil_object_unref(gpointer object) { gst_object_unref(object); }

// MARK: variadic GObject calls, one typed pass-through each

static inline void vigil_object_set_string(gpointer object, const gchar *name, const gchar *value) { g_object_set(object, name, value, NULL); }
static inline void vigil_object_set_int(gpointer object, const gchar *name, gint value) { g_object_set(object, name, value, NULL); }
static inline void vigil_object_set_uint(gpointer object, const gchar *name, guint value) { g_object_set(object, name, value, NULL); }
static inline void vigil_object_set_int64(gpointer object, const gchar *name, gint64 value) { g_object_set(object, name, value, NULL); }
static inline void vigil_object_set_uint64(gpointer object, const gchar *name, guint64 value) { g_object_set(object, name, value, NULL); }
static inline void vigil_object_set_bool(gpointer object, const gchar *name, gboolean value) { g_object_set(object, name, value, NULL); }
static inline void vigil_object_set_double(gpointer object, const gchar *name, gdouble value) { g_object_set(object, name, value, NULL); }
static inline void vigil_object_set_pointer(gpointer object, const gchar *name, gpointer value) { g_object_set(object, name, value, NULL); }

static inline gulong vigil_signal_connect(gpointer instance, const gchar *signal, GCallback handler, gpointer data) {
    return g_signal_connect(instance, signal, handler, data);
}

// MARK: more macros (pads, probes, casts)

static inline GstEvent *vigil_probe_info_event(GstPadProbeInfo *info) { return GST_PAD_PROBE_INFO_EVENT(info); }
static inline GstBin *vigil_as_bin(GstElement *element) { return GST_BIN(element); }
static inline GstPipeline *vigil_as_pipeline(GstElement *element) { return GST_PIPELINE(element); }
static inline GstObject *vigil_as_object(gpointer object) { return GST_OBJECT(object); }
static inline const gchar *vigil_object_name(gpointer object) { return GST_OBJECT_NAME(object); }
static inline GstStructure *vigil_caps_structure(GstCaps *caps, guint index) { return gst_caps_get_structure(caps, index); }
static inline GstCaps *vigil_caps_ref(GstCaps *caps) { return gst_caps_ref(caps); }
static inline void vigil_caps_unref(GstCaps *caps) { gst_caps_unref(caps); }
static inline void vigil_sample_unref(GstSample *sample) { gst_sample_unref(sample); }
static inline void vigil_message_unref(GstMessage *message) { gst_message_unref(message); }
static inline gpointer vigil_object_ref(gpointer object) { return gst_object_ref(object); }
static inline GstMapFlags vigil_map_read(void) { return GST_MAP_READ; }
static inline void vigil_buffer_clear_timestamps(GstBuffer *buffer) { GST_BUFFER_PTS(buffer) = GST_CLOCK_TIME_NONE; GST_BUFFER_DTS(buffer) = GST_CLOCK_TIME_NONE; }

// MARK: more variadic GObject calls

static inline gint vigil_object_get_int(gpointer object, const gchar *name) { gint value = 0; g_object_get(object, name, &value, NULL); return value; }
static inline gpointer vigil_object_get_pointer(gpointer object, const gchar *name) { gpointer value = NULL; g_object_get(object, name, &value, NULL); return value; }
static inline gulong vigil_signal_connect_data(gpointer instance, const gchar *signal, GCallback handler, gpointer data, GClosureNotify destroy) {
    return g_signal_connect_data(instance, signal, handler, data, destroy, 0);
}

// MARK: webrtcbin action signals (variadic g_signal_emit_by_name), one typed pass-through each

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

static inline GstWebRTCSessionDescription *vigil_promise_reply_description(const GstStructure *reply, const gchar *field) {
    GstWebRTCSessionDescription *description = NULL;
    if (reply == NULL || !gst_structure_has_field(reply, field)) return NULL;
    gst_structure_get(reply, field, GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &description, NULL);
    return description;
}
/// The message of a promise reply's "error" field (a GError), or NULL. Caller frees with g_free.
static inline gchar *vigil_promise_reply_error(const GstStructure *reply) {
    GError *error = NULL;
    gchar *message = NULL;
    if (reply == NULL || !gst_structure_has_field(reply, "error")) return NULL;
    gst_structure_get(reply, "error", G_TYPE_ERROR, &error, NULL);
    if (error != NULL) { message = g_strdup(error->message); g_error_free(error); }
    return message;
}

// MARK: drawing into a frame in a pad probe (macros)

/// The probe's buffer made writable (copied if shared) and put back into the probe info, as
/// GST_PAD_PROBE_INFO_DATA must hold the buffer that travels on.
static inline GstBuffer *vigil_probe_info_writable_buffer(GstPadProbeInfo *info) {
    GstBuffer *buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
    GST_PAD_PROBE_INFO_DATA(info) = buffer;
    return buffer;
}
static inline guint8 *vigil_video_frame_plane(GstVideoFrame *frame, guint plane) { return (guint8 *)GST_VIDEO_FRAME_PLANE_DATA(frame, plane); }
static inline gint vigil_video_frame_stride(GstVideoFrame *frame, guint plane) { return GST_VIDEO_FRAME_PLANE_STRIDE(frame, plane); }
static inline GstVideoFormat vigil_video_info_format(const GstVideoInfo *info) { return GST_VIDEO_INFO_FORMAT(info); }

#endif
