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

#endif
