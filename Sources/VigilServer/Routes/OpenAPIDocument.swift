import Foundation

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
          "title": {"type": "string", "minLength": 1, "maxLength": 200, "nullable": true}
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
          }
        }
      },
      "EventKind": {
        "type": "string",
        "enum": ["looking_away", "no_face", "multiple_faces", "eyes_closed", "phone", "book", "device", "tab_hidden", "window_blur", "fullscreen_exit", "copy_paste"]
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
          "start": {"type": "string", "format": "date-time"},
          "end": {"type": "string", "format": "date-time"},
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
          "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}
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
    "/api/sessions/{id}/events": {
      "post": {
        "summary": "Record an event (candidate page: page kinds only; proctor or admin: any kind)",
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
    "/api/openapi.json": {
      "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3 document"}}}
    }
  }
}
"""#
}
