import Foundation
import VigilCore

/// The OpenAPI 3 description of every route, served at /api/openapi.json. A test checks that each
/// path and method here is answered by the server and that the server has no undocumented route.
enum OpenAPIDocument {
    /// The documented paths as segments ("{id}" matches any one segment) with their methods.
    static let routes: [(segments: [Substring], methods: [String])] = {
        guard let document = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let paths = document["paths"] as? [String: [String: Any]] else { return [] }
        return paths.map { path, operations in
            (path.split(separator: "/"), operations.keys.map { $0.uppercased() }.sorted())
        }
    }()

    /// The methods the document lists for the path a request asked for (empty when no documented
    /// path matches it).
    static func methods(servingPath path: String) -> [String] {
        let asked = path.split(separator: "/")
        var methods = Set<String>()
        for route in routes where route.segments.count == asked.count {
            let matches = zip(route.segments, asked).allSatisfy { template, segment in
                (template.hasPrefix("{") && template.hasSuffix("}")) || template == segment
            }
            if matches { methods.formUnion(route.methods) }
        }
        return methods.sorted()
    }

    /// Every `EventKind`, so that a kind added to the core is documented without a second list.
    private static let eventKinds = "[" + EventKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + "]"
    /// The policy's presets, checks and thresholds, from the core's own tables.
    private static let policyPresets = "[" + PolicyPreset.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + "]"
    private static let policyChecks = "{" + EventKind.allCases.map { "\"\($0.rawValue)\": {\"type\": \"boolean\"}" }.joined(separator: ", ") + "}"
    private static let policyThresholds = "{" + PolicyThreshold.all.map {
        "\"\($0.name)\": {\"type\": \"\($0.whole ? "integer" : "number")\", \"minimum\": \($0.range.lowerBound), \"maximum\": \($0.range.upperBound), \"default\": \($0.value(in: .standard))}"
    }.joined(separator: ", ") + "}"

    static let json = #"""
{
  "openapi": "3.0.3",
  "info": {
    "title": "Vigil",
    "version": "0.1.0",
    "description": "Proctoring back end: sessions with a join link per role, events, end, scored report. Tokens travel as 'Authorization: Bearer TOKEN' (or ?token=TOKEN). Errors are JSON: {\"error\": {\"code\", \"message\"}}. 429 too_many_failures: too many wrong-token requests from one client address this minute; a request with a valid token is never refused by that limit."
  },
  "components": {
    "securitySchemes": {
      "bearer": {"type": "http", "scheme": "bearer", "description": "The admin key, or a session's candidate, interviewer or proctor token."}
    },
    "parameters": {
      "SessionID": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "Session id returned by POST /api/sessions."}
    },
    "schemas": {
      "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}
      },
      "CreateSession": {
        "type": "object", "required": ["candidate_name", "interviewer_name"],
        "properties": {
          "candidate_name": {"type": "string", "minLength": 1, "maxLength": 200},
          "interviewer_name": {"type": "string", "minLength": 1, "maxLength": 200},
          "title": {"type": "string", "minLength": 1, "maxLength": 200, "nullable": true},
          "record": {"type": "boolean", "default": true, "nullable": true, "description": "false: the call is not recorded (null or absent: recorded)"},
          "policy": {"$ref": "#/components/schemas/PolicyRequest"}
        }
      },
      "PolicyRequest": {
        "type": "object", "nullable": true, "additionalProperties": false,
        "description": "The session's policy: a preset (default standard), then any check, threshold or price given changes it. Refused with 422 naming the field: unknown_preset, unknown_check, unknown_threshold, unknown_policy_field, invalid_policy_value (not a number, out of range, not a whole number).",
        "properties": {
          "preset": {"type": "string", "enum": \#(policyPresets), "default": "standard", "description": "left out: standard"},
          "checks": {"type": "object", "additionalProperties": false, "description": "false turns a check off: it raises no event, and a page-reported event of that kind gets 422 check_disabled", "properties": \#(policyChecks)},
          "thresholds": {"type": "object", "additionalProperties": false, "description": "The rules' numbers (RuleThresholds); defaults are the standard preset's", "properties": \#(policyThresholds)},
          "prices": {"type": "object", "description": "Per event kind: points per event, per minute and the cap (each 0...100); parts left out keep the preset's",
            "additionalProperties": {"type": "object", "additionalProperties": false, "properties": {"per_event": {"type": "number"}, "per_minute": {"type": "number"}, "cap": {"type": "number"}}}}
        }
      },
      "Policy": {
        "type": "object", "required": ["preset", "customised", "checks", "thresholds", "prices"],
        "description": "The policy that judges (judged) the session, every field filled in; the same shape POST /api/sessions takes",
        "properties": {
          "preset": {"type": "string", "enum": \#(policyPresets)},
          "customised": {"type": "boolean", "description": "some field differs from the preset's value"},
          "checks": {"type": "object", "properties": \#(policyChecks)},
          "thresholds": {"type": "object", "properties": \#(policyThresholds)},
          "prices": {"type": "object", "additionalProperties": {"type": "object", "properties": {"per_event": {"type": "number"}, "per_minute": {"type": "number"}, "cap": {"type": "number"}}}}
        }
      },
      "Consent": {
        "type": "object", "required": ["paragraphs", "checks", "recorded"],
        "properties": {
          "paragraphs": {"type": "array", "items": {"type": "string"}, "description": "The consent text, generated from the session's policy, record flag and the server's retention"},
          "checks": {"type": "array", "items": {"type": "string"}, "description": "The enabled checks in plain words"},
          "recorded": {"type": "boolean"},
          "retention_days": {"type": "integer", "nullable": true, "description": "deleted this many days after the end; absent: kept until deleted"}
        }
      },
      "CreatedSession": {
        "type": "object", "required": ["id", "links"],
        "properties": {
          "id": {"type": "string"},
          "title": {"type": "string"},
          "candidate_name": {"type": "string"},
          "interviewer_name": {"type": "string"},
          "created_at": {"type": "string", "format": "date-time"},
          "links": {
            "type": "object", "required": ["candidate", "interviewer", "proctor"],
            "properties": {"candidate": {"type": "string"}, "interviewer": {"type": "string"}, "proctor": {"type": "string"}}
          },
          "record": {"type": "boolean"},
          "policy": {"$ref": "#/components/schemas/Policy"},
          "node": {"type": "string", "description": "On PostgreSQL: the node the session was placed on (the least loaded live one with room); the links name its URL"}
        }
      },
      "CandidateMessage": {
        "type": "object", "required": ["id", "sender", "text", "at"],
        "properties": {"id": {"type": "integer"}, "sender": {"type": "string", "enum": ["admin", "proctor", "interviewer"]}, "text": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}
      },
      "EventKind": {
        "type": "string",
        "enum": \#(eventKinds)
      },
      "NewEvent": {
        "type": "object", "required": ["kind"],
        "properties": {
          "kind": {"$ref": "#/components/schemas/EventKind"},
          "at": {"type": "string", "format": "date-time", "nullable": true, "description": "When it happened; default (or null) now. Must lie within the session."},
          "end": {"type": "string", "format": "date-time", "nullable": true, "description": "When it stopped; default (or null) equal to 'at'."},
          "details": {"type": "string", "maxLength": 2000, "nullable": true},
          "confidence": {"type": "number", "minimum": 0, "maximum": 1, "nullable": true}
        }
      },
      "Event": {
        "type": "object", "required": ["id", "kind", "source", "start", "confidence"],
        "properties": {
          "id": {"type": "integer"},
          "kind": {"$ref": "#/components/schemas/EventKind"},
          "source": {"type": "string", "enum": ["detector", "page", "external", "system"]},
          "start": {"type": "string", "format": "date-time", "description": "When the condition began (for a detector event: the first frame it held in, before the rule's threshold)."},
          "end": {"type": "string", "format": "date-time", "nullable": true, "description": "When the condition ended; null while the event is open."},
          "flagged_at": {"type": "string", "format": "date-time", "description": "When the event was flagged: the moment the rule fired (the event was stored and announced then; its snapshot shows that frame). Equal to start for events reported at once and for events stored before spans."},
          "confidence": {"type": "number"},
          "details": {"type": "string"},
          "review": {"type": "object"}
        }
      },
      "Ended": {
        "type": "object", "required": ["id", "status", "score", "verdict"],
        "properties": {
          "id": {"type": "string"}, "status": {"type": "string", "enum": ["live", "ended"]},
          "ended_at": {"type": "string", "format": "date-time"}, "score": {"type": "number"},
          "verdict": {"type": "string", "enum": ["clear", "review", "high_risk"]}
        }
      },
      "AnalysisJob": {
        "type": "object",
        "required": ["id", "state", "source", "policy", "attempt", "progress", "created_at"],
        "properties": {
          "id": {"type": "integer"},
          "state": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
          "source": {"type": "string", "description": "The file the job reads"},
          "policy": {"$ref": "#/components/schemas/Policy"},
          "node": {"type": "string", "description": "The node running it, or that ran it last"},
          "attempt": {"type": "integer", "description": "Times claimed (a dead node's job is queued again and claimed anew)"},
          "progress": {"type": "number", "minimum": 0, "maximum": 1},
          "created_at": {"type": "string", "format": "date-time"},
          "started_at": {"type": "string", "format": "date-time"},
          "finished_at": {"type": "string", "format": "date-time"},
          "error": {"type": "string"},
          "session": {"type": "string", "description": "The session the analysis stored (GET /api/sessions/{id})"},
          "summary": {"type": "object", "properties": {"frames": {"type": "integer"}, "analysed_frames": {"type": "integer"}, "skipped_frames": {"type": "integer"},
            "media_seconds": {"type": "number"}, "wall_seconds": {"type": "number"}, "speed_times_real_time": {"type": "number"}, "audio": {"type": "string"}}},
          "report": {"$ref": "#/components/schemas/Report"}
        }
      },
      "Report": {
        "type": "object", "required": ["session", "status", "score", "verdict", "deductions", "counts", "durations", "events"],
        "properties": {
          "session": {"type": "object"},
          "status": {"type": "string", "enum": ["live", "ended"]},
          "duration_seconds": {"type": "number"},
          "generated_at": {"type": "string", "format": "date-time"},
          "score": {"type": "number", "minimum": 0, "maximum": 100},
          "verdict": {"type": "string", "enum": ["clear", "review", "high_risk"]},
          "deductions": {"type": "array", "items": {"type": "object"}},
          "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
          "durations": {"type": "object", "additionalProperties": {"type": "number"}},
          "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
          "policy": {"$ref": "#/components/schemas/Policy"},
          "recording": {"$ref": "#/components/schemas/Recording"}
        }
      },
      "Recording": {
        "type": "object", "nullable": true,
        "description": "The call's WebM recording; null when the session was not recorded (record: false, the disk cap, no video)",
        "properties": {
          "duration_seconds": {"type": "number", "nullable": true},
          "bytes": {"type": "integer", "nullable": true, "description": "set when the file is closed"},
          "sha256": {"type": "string", "nullable": true, "description": "of the closed file"},
          "state": {"type": "string", "enum": ["recording", "complete", "interrupted"]},
          "started_at": {"type": "string", "format": "date-time", "description": "the recording's 0:00: an event at T is at T - started_at in the file"},
          "node": {"type": "string", "nullable": true, "description": "on several nodes: the node whose data folder holds the file (any node serves it, asking that one); null on one machine"}
        }
      }
    },
    "responses": {
      "BadRequest": {"description": "Malformed body or parameter", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthorized": {"description": "Token missing or not valid here", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Forbidden": {"description": "The token's role may not do this", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "No such session", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Conflict": {"description": "The session has ended", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "TooLarge": {"description": "Body over 64 KiB", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Storage": {"description": "The database refuses writes (disk full, read-only file): nothing was stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotJSON": {"description": "The body is declared as something other than JSON", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "TooMany": {"description": "Rate limit: too many sessions created, or too many wrong tokens, from this client address this minute (too_many_sessions, too_many_failures); a request with a valid token is never refused for wrong tokens", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Invalid": {"description": "Well-formed but unacceptable (unknown kind, time outside the session...)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    }
  },
  "paths": {
    "/api/sessions": {
      "post": {
        "summary": "Create a session (admin key)",
        "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateSession"}}}},
        "responses": {
          "201": {"description": "Created, with one join link per role", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreatedSession"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/NotJSON"},
          "422": {"$ref": "#/components/responses/Invalid"},
          "503": {"$ref": "#/components/responses/Storage"}
        }
      },
      "get": {
        "summary": "The sessions, newest first (admin key): each with its status, running score, verdict and event count; paged with limit and before, filtered by status",
        "security": [{"bearer": []}],
        "parameters": [
          {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}, "description": "Sessions per page."},
          {"name": "before", "in": "query", "required": false, "schema": {"type": "string"}, "description": "The id of the last session of the previous page (its next_before): the page starts after it."},
          {"name": "status", "in": "query", "required": false, "schema": {"type": "string", "enum": ["created", "live", "ended"]}, "description": "created: no page has joined yet; live: a page has joined and it has not ended; ended."}
        ],
        "responses": {
          "200": {"description": "One page of sessions", "content": {"application/json": {"schema": {
            "type": "object", "required": ["sessions", "next_before"],
            "properties": {
              "sessions": {"type": "array", "items": {
                "type": "object",
                "required": ["id", "candidate_name", "interviewer_name", "title", "status", "created_at", "ended_at", "score", "verdict", "events"],
                "properties": {
                  "id": {"type": "string"},
                  "candidate_name": {"type": "string"},
                  "interviewer_name": {"type": "string"},
                  "title": {"type": "string", "nullable": true},
                  "status": {"type": "string", "enum": ["created", "live", "ended"]},
                  "created_at": {"type": "string", "format": "date-time"},
                  "ended_at": {"type": "string", "format": "date-time", "nullable": true},
                  "score": {"type": "number", "minimum": 0, "maximum": 100},
                  "verdict": {"type": "string", "enum": ["clear", "review", "high_risk"]},
                  "events": {"type": "integer", "minimum": 0},
                  "policy": {"type": "string", "description": "the session's policy by name: its preset, ', customised' when changed"}
                }
              }},
              "next_before": {"type": "string", "nullable": true, "description": "Pass as 'before' for the next page; null on the last page."}
            }
          }}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "422": {"$ref": "#/components/responses/Invalid"},
          "429": {"$ref": "#/components/responses/TooMany"}
        }
      }
    },
    "/api/sessions/{id}/messages": {
      "post": {
        "summary": "Send the candidate a short message (proctor, interviewer or admin): stored with the session, then shown on the candidate's page",
        "security": [{"bearer": []}],
        "parameters": [{"$ref": "#/components/parameters/SessionID"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1, "maxLength": 500}}
        }}}},
        "responses": {
          "201": {"description": "Stored (and delivered if the candidate is in the call)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CandidateMessage"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/NotJSON"},
          "422": {"$ref": "#/components/responses/Invalid"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "503": {"$ref": "#/components/responses/Storage"}
        }
      },
      "get": {
        "summary": "The messages sent to the candidate, oldest first (proctor, interviewer or admin)",
        "security": [{"bearer": []}],
        "parameters": [{"$ref": "#/components/parameters/SessionID"}],
        "responses": {
          "200": {"description": "The messages", "content": {"application/json": {"schema": {
            "type": "object", "required": ["messages"], "properties": {"messages": {"type": "array", "items": {"$ref": "#/components/schemas/CandidateMessage"}}}
          }}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "429": {"$ref": "#/components/responses/TooMany"}
        }
      }
    },
    "/api/sessions/{id}": {
      "get": {
        "summary": "The report (interviewer, proctor or admin): JSON; CSV, HTML or PDF with ?format= or the Accept header (text/csv, text/html, application/pdf)",
        "security": [{"bearer": []}],
        "parameters": [
          {"$ref": "#/components/parameters/SessionID"},
          {"name": "format", "in": "query", "required": false, "schema": {"type": "string", "enum": ["json", "csv", "html", "pdf"]}}
        ],
        "responses": {
          "200": {"description": "The report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}, "text/csv": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}, "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "503": {"description": "PDF printing unavailable (Chromium missing), or the database cannot be read", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      },
      "delete": {
        "summary": "Purge the session, its events, snapshots and reviews (interviewer or admin)",
        "security": [{"bearer": []}],
        "parameters": [{"$ref": "#/components/parameters/SessionID"}],
        "responses": {
          "204": {"description": "Deleted"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "503": {"$ref": "#/components/responses/Storage"}
        }
      }
    },
    "/api/sessions/{id}/events/{event}/review": {
      "post": {
        "summary": "Confirm or dismiss an event (interviewer, proctor or admin); the latest decision counts, all are kept",
        "security": [{"bearer": []}],
        "parameters": [
          {"$ref": "#/components/parameters/SessionID"},
          {"name": "event", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["decision"],
          "properties": {"decision": {"type": "string", "enum": ["confirmed", "dismissed"]}, "note": {"type": "string", "maxLength": 2000, "nullable": true}, "reviewer": {"type": "string", "minLength": 1, "maxLength": 200, "nullable": true}}
        }}}},
        "responses": {
          "201": {"description": "Stored", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/NotJSON"},
          "422": {"$ref": "#/components/responses/Invalid"},
          "503": {"$ref": "#/components/responses/Storage"}
        }
      }
    },
    "/api/sessions/{id}/snapshots/{snapshot}": {
      "get": {
        "summary": "An event's snapshot JPEG (interviewer, proctor or admin)",
        "security": [{"bearer": []}],
        "parameters": [
          {"$ref": "#/components/parameters/SessionID"},
          {"name": "snapshot", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}
        ],
        "responses": {
          "200": {"description": "The JPEG", "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/api/sessions/{id}/recording": {
      "get": {
        "summary": "The call's WebM recording (interviewer, proctor or admin), also while the call runs; HTTP Range requests answer 206",
        "security": [{"bearer": []}],
        "parameters": [
          {"$ref": "#/components/parameters/SessionID"},
          {"name": "Range", "in": "header", "required": false, "schema": {"type": "string", "example": "bytes=0-1023"}}
        ],
        "responses": {
          "200": {"description": "The whole file", "content": {"video/webm": {"schema": {"type": "string", "format": "binary"}}}},
          "206": {"description": "The asked range (Content-Range: bytes FIRST-LAST/SIZE; at most 8 MiB per answer)", "content": {"video/webm": {"schema": {"type": "string", "format": "binary"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "416": {"description": "The range lies beyond the file"},
          "503": {"description": "file_node_unavailable: the file is on another node, which is down or does not answer (the message names it; Retry-After)"}
        }
      }
    },
    "/api/sessions/{id}/events/{event}/clip": {
      "get": {
        "summary": "An event's clip (interviewer, proctor or admin): the recording from 5 s before the event's start to 5 s after its end, cut on the key frame before without re-encoding",
        "security": [{"bearer": []}],
        "parameters": [
          {"$ref": "#/components/parameters/SessionID"},
          {"name": "event", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}
        ],
        "responses": {
          "200": {"description": "The clip", "content": {"video/webm": {"schema": {"type": "string", "format": "binary"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "503": {"description": "clips_unavailable, or file_node_unavailable: the recording is on another node, which is down or does not answer"}
        }
      }
    },
    "/api/sessions/{id}/consent": {
      "get": {
        "summary": "The consent text for the candidate's page (any of the session's tokens): what is checked, whether the call is recorded and for how long it is kept",
        "security": [{"bearer": []}],
        "parameters": [{"$ref": "#/components/parameters/SessionID"}],
        "responses": {
          "200": {"description": "The consent text", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Consent"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/api/sessions/{id}/precheck": {
      "post": {
        "summary": "The candidate page's pre-check before Join (candidate or admin): one JPEG frame of the candidate's camera, judged by the server's face detector: one face in view, lit well enough",
        "security": [{"bearer": []}],
        "parameters": [{"$ref": "#/components/parameters/SessionID"}],
        "requestBody": {"required": true, "description": "One JPEG frame of at most 1 MiB (larger: 413)", "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}},
        "responses": {
          "200": {"description": "The verdict; Join is allowed when ok", "content": {"application/json": {"schema": {
            "type": "object", "required": ["ok", "reasons", "faces"],
            "properties": {
              "ok": {"type": "boolean"},
              "reasons": {"type": "array", "items": {"type": "object", "required": ["code", "message"], "properties": {
                "code": {"type": "string", "enum": ["no_face", "several_faces", "too_dark"]},
                "message": {"type": "string", "description": "What the candidate should do, in plain words"}
              }}},
              "faces": {"type": "integer", "minimum": 0},
              "face_luminance": {"type": "number", "description": "Mean luma 0-255 inside the face box (with exactly one face)"}
            }
          }}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"description": "The body is not declared as image/jpeg", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "422": {"description": "The body is not a JPEG image (code not_a_jpeg)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "429": {"$ref": "#/components/responses/TooMany"},
          "503": {"description": "The detectors cannot run (code precheck_unavailable)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/sessions/{id}/events": {
      "post": {
        "summary": "Record an event (candidate page: page kinds only; proctor or admin: any kind). A kind the session's policy turned off gets 422 check_disabled",
        "security": [{"bearer": []}],
        "parameters": [{"$ref": "#/components/parameters/SessionID"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewEvent"}}}},
        "responses": {
          "201": {"description": "Stored and committed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/NotJSON"},
          "422": {"$ref": "#/components/responses/Invalid"},
          "503": {"$ref": "#/components/responses/Storage"}
        }
      }
    },
    "/api/sessions/{id}/end": {
      "put": {
        "summary": "End the session (interviewer, proctor or admin); open events close at the end time",
        "security": [{"bearer": []}],
        "parameters": [{"$ref": "#/components/parameters/SessionID"}],
        "responses": {
          "200": {"description": "Ended", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ended"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "503": {"$ref": "#/components/responses/Storage"}
        }
      }
    },
    "/healthz": {
      "get": {"summary": "Liveness and database check", "responses": {"200": {"description": "Healthy"}, "503": {"description": "The database cannot be read or refuses writes", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
    },
    "/metrics": {
      "get": {"summary": "Prometheus metrics (text format)", "responses": {"200": {"description": "Metrics", "content": {"text/plain": {"schema": {"type": "string"}}}}}}
    },
    "/api/nodes": {
      "get": {
        "summary": "The nodes sharing this PostgreSQL store (admin key): URL, capacity, live sessions, last heartbeat, alive or failed over; none on SQLite",
        "security": [{"bearer": []}],
        "responses": {
          "200": {"description": "The nodes", "content": {"application/json": {"schema": {"type": "object", "required": ["nodes"], "properties": {
            "this": {"type": "string"},
            "nodes": {"type": "array", "items": {"type": "object", "required": ["id", "url", "capacity", "live_sessions", "heartbeat_at", "alive"], "properties": {
              "id": {"type": "string"}, "url": {"type": "string"}, "capacity": {"type": "integer"}, "live_sessions": {"type": "integer"},
              "heartbeat_at": {"type": "string", "format": "date-time"}, "alive": {"type": "boolean"}, "failed_at": {"type": "string", "format": "date-time"}}}}}}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "503": {"$ref": "#/components/responses/Storage"}
        }
      }
    },
    "/api/sessions/{id}/node": {
      "get": {
        "summary": "The node that runs the session's call (interviewer, proctor or admin), whether it is alive, and when a dead node interrupted the session; no node on SQLite",
        "security": [{"bearer": []}],
        "parameters": [{"$ref": "#/components/parameters/SessionID"}],
        "responses": {
          "200": {"description": "The session's node", "content": {"application/json": {"schema": {"type": "object", "required": ["session", "alive"], "properties": {
            "session": {"type": "string"}, "node": {"type": "string"}, "url": {"type": "string"}, "alive": {"type": "boolean"},
            "interrupted_at": {"type": "string", "format": "date-time"}}}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "503": {"$ref": "#/components/responses/Storage"}
        }
      }
    },
    "/api/analyses": {
      "post": {
        "summary": "Queue a recorded video for analysis (admin key): JSON {\"path\": \"/abs/file.webm\"} naming a file the nodes can read, or the video itself as the body (video/*, application/octet-stream; kept in DATA_DIR/uploads, at most --max-analysis-upload-mb). Any node with a free --analysis-jobs slot runs it as vigil analyze would, into a new session",
        "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {
          "application/json": {"schema": {"type": "object", "required": ["path"], "properties": {"path": {"type": "string", "description": "Absolute path of the video on the nodes"},
            "policy": {"$ref": "#/components/schemas/PolicyRequest"}}}},
          "video/*": {"schema": {"type": "string", "format": "binary"}},
          "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
        "responses": {
          "201": {"description": "Queued; Location names the job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AnalysisJob"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "413": {"description": "The upload is over --max-analysis-upload-mb", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "415": {"$ref": "#/components/responses/NotJSON"},
          "422": {"$ref": "#/components/responses/Invalid"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "503": {"$ref": "#/components/responses/Storage"}
        }
      },
      "get": {
        "summary": "The newest analysis jobs (admin key), at most limit (default 100)",
        "security": [{"bearer": []}],
        "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}],
        "responses": {
          "200": {"description": "The jobs, newest first", "content": {"application/json": {"schema": {"type": "object", "required": ["analyses"], "properties": {
            "analyses": {"type": "array", "items": {"$ref": "#/components/schemas/AnalysisJob"}}}}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/TooMany"},
          "503": {"$ref": "#/components/responses/Storage"}
        }
      }
    },
    "/api/analyses/{id}": {
      "get": {
        "summary": "One analysis job (admin key): state, progress 0..1 (written about once a second), the node running it; once done the summary and the session's report with its events",
        "security": [{"bearer": []}],
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {
          "200": {"description": "The job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AnalysisJob"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"description": "No such analysis job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "429": {"$ref": "#/components/responses/TooMany"},
          "503": {"$ref": "#/components/responses/Storage"}
        }
      }
    },
    "/api/openapi.json": {
      "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3 document"}}}
    }
  }
}
"""#
}
