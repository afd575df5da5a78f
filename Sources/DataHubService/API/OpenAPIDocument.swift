import DataHubStorage

/// The OpenAPI 3 document of the HTTP contract, served at `/openapi.json`. Tests keep it true: schemathesis
/// checks live responses against it and a unit test checks that every route is documented.
enum OpenAPIDocument {
    static let json = #"""
{
 "openapi": "3.0.3",
 "info": {
  "title": "DataHub — Data Analytics Hub S3 Data Service",
  "version": "1.0.0",
  "description": "Stores JSON documents in an S3 bucket. Every error has the shape of the Error schema."
 },
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer"
   }
  },
  "schemas": {
   "Error": {
    "type": "object",
    "required": [
     "error",
     "code",
     "request_id"
    ],
    "properties": {
     "error": {
      "type": "string"
     },
     "code": {
      "type": "string"
     },
     "request_id": {
      "type": "string"
     }
    }
   },
   "File": {
    "type": "object",
    "required": [
     "filename",
     "size",
     "last_modified",
     "etag"
    ],
    "properties": {
     "filename": {
      "type": "string"
     },
     "size": {
      "type": "integer",
      "minimum": 0
     },
     "last_modified": {
      "type": "string",
      "format": "date-time"
     },
     "etag": {
      "type": "string"
     }
    }
   }
  }
 },
 "paths": {
  "/": {
   "get": {
    "summary": "Service name, version and endpoints",
    "operationId": "index",
    "responses": {
     "200": {
      "description": "service description",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "service",
          "version",
          "endpoints"
         ],
         "properties": {
          "service": {
           "type": "string"
          },
          "version": {
           "type": "string"
          },
          "endpoints": {
           "type": "object"
          }
         }
        }
       }
      }
     },
     "405": {
      "description": "method not allowed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Allow": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/health": {
   "get": {
    "summary": "Liveness; never touches storage",
    "operationId": "health",
    "responses": {
     "200": {
      "description": "alive",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "status",
          "timestamp",
          "service"
         ],
         "properties": {
          "status": {
           "type": "string",
           "enum": [
            "healthy"
           ]
          },
          "timestamp": {
           "type": "string",
           "format": "date-time"
          },
          "service": {
           "type": "string"
          }
         }
        }
       }
      }
     },
     "405": {
      "description": "method not allowed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Allow": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/storage/health": {
   "get": {
    "summary": "Storage health from the monitor's latest probe",
    "operationId": "storageHealth",
    "responses": {
     "200": {
      "description": "storage reachable",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "status",
          "storage",
          "bucket",
          "latency_ms"
         ],
         "properties": {
          "status": {
           "type": "string",
           "enum": [
            "healthy"
           ]
          },
          "storage": {
           "type": "string",
           "enum": [
            "connected"
           ]
          },
          "bucket": {
           "type": "string"
          },
          "latency_ms": {
           "type": "number"
          }
         }
        }
       }
      }
     },
     "405": {
      "description": "method not allowed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Allow": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "503": {
      "description": "storage unreachable",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "status",
          "storage",
          "error",
          "code",
          "request_id",
          "since"
         ],
         "properties": {
          "status": {
           "type": "string",
           "enum": [
            "unhealthy"
           ]
          },
          "storage": {
           "type": "string",
           "enum": [
            "disconnected"
           ]
          },
          "bucket": {
           "type": "string"
          },
          "error": {
           "type": "string"
          },
          "code": {
           "type": "string"
          },
          "request_id": {
           "type": "string"
          },
          "since": {
           "type": "string",
           "format": "date-time"
          }
         }
        }
       }
      },
      "headers": {
       "Retry-After": {
        "schema": {
         "type": "integer"
        },
        "description": "seconds to wait"
       }
      }
     }
    }
   }
  },
  "/data": {
   "post": {
    "summary": "Upload a JSON value under a new unique name",
    "operationId": "upload",
    "security": [
     {
      "bearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "prefix",
      "in": "query",
      "required": false,
      "description": "a folder, e.g. reports/2026",
      "schema": {
       "type": "string",
       "pattern": "^([^/\\u0000-\\u001f\\u007f-\\u009f]{1,255}(/[^/\\u0000-\\u001f\\u007f-\\u009f]{1,255})*/?)?$",
       "maxLength": 1024
      }
     },
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[!-~]{1,255}$"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {}
      }
     }
    },
    "responses": {
     "201": {
      "description": "stored",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "message",
          "filename",
          "bucket",
          "size",
          "etag"
         ],
         "properties": {
          "message": {
           "type": "string"
          },
          "filename": {
           "type": "string"
          },
          "bucket": {
           "type": "string"
          },
          "size": {
           "type": "integer"
          },
          "etag": {
           "type": "string"
          }
         }
        }
       }
      },
      "headers": {
       "Location": {
        "schema": {
         "type": "string"
        }
       }
      },
      "links": {
       "ReadCreated": {
        "operationId": "read",
        "parameters": {
         "key": "$response.body#/filename"
        }
       },
       "HeadCreated": {
        "operationId": "head",
        "parameters": {
         "key": "$response.body#/filename"
        }
       },
       "DeleteCreated": {
        "operationId": "delete",
        "parameters": {
         "key": "$response.body#/filename"
        }
       }
      }
     },
     "400": {
      "description": "invalid JSON, empty body or bad prefix",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "body over the upload limit",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "description": "not application/json",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "Idempotency-Key reused with another body",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "API key missing or wrong (only when keys are configured)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "405": {
      "description": "method not allowed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Allow": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "503": {
      "description": "storage unavailable",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Retry-After": {
        "schema": {
         "type": "integer"
        },
        "description": "seconds to wait"
       }
      }
     }
    }
   },
   "get": {
    "summary": "List objects: complete (streamed) without limit, one page with limit",
    "operationId": "list",
    "security": [
     {
      "bearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "prefix",
      "in": "query",
      "required": false,
      "description": "a folder, e.g. reports/2026",
      "schema": {
       "type": "string",
       "pattern": "^([^/\\u0000-\\u001f\\u007f-\\u009f]{1,255}(/[^/\\u0000-\\u001f\\u007f-\\u009f]{1,255})*/?)?$",
       "maxLength": 1024
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000
      }
     },
     {
      "name": "cursor",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "minLength": 1,
       "maxLength": 4096
      }
     }
    ],
    "responses": {
     "200": {
      "description": "listing",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "bucket",
          "files",
          "count",
          "next_cursor"
         ],
         "properties": {
          "bucket": {
           "type": "string"
          },
          "files": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/File"
           }
          },
          "count": {
           "type": "integer"
          },
          "next_cursor": {
           "type": "string",
           "nullable": true
          }
         }
        }
       }
      }
     },
     "400": {
      "description": "bad limit, cursor or prefix",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "API key missing or wrong (only when keys are configured)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "405": {
      "description": "method not allowed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Allow": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "503": {
      "description": "storage unavailable",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Retry-After": {
        "schema": {
         "type": "integer"
        },
        "description": "seconds to wait"
       }
      }
     }
    }
   }
  },
  "/data/{key}": {
   "get": {
    "summary": "Read an object: wrapped JSON, or raw bytes with ?raw=true",
    "operationId": "read",
    "security": [
     {
      "bearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "key",
      "in": "path",
      "required": true,
      "description": "the whole object key, folders included; each segment percent-encoded",
      "schema": {
       "type": "string",
       "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]{1,255}(/[^/\\u0000-\\u001f\\u007f-\\u009f]{1,255})*$",
       "maxLength": 1024
      }
     },
     {
      "name": "raw",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "true",
        "false",
        "1",
        "0"
       ]
      }
     },
     {
      "name": "If-None-Match",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "the object (wrapped as {filename, data}, or raw bytes with ?raw=true)",
      "content": {
       "application/json": {
        "schema": {}
       },
       "*/*": {
        "schema": {}
       }
      }
     },
     "206": {
      "description": "a byte range (raw)",
      "content": {
       "*/*": {
        "schema": {}
       }
      }
     },
     "304": {
      "description": "not modified (raw)"
     },
     "400": {
      "description": "invalid name",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such object",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "416": {
      "description": "range not satisfiable",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the object is not JSON; use ?raw=true",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "API key missing or wrong (only when keys are configured)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "405": {
      "description": "method not allowed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Allow": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "503": {
      "description": "storage unavailable",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Retry-After": {
        "schema": {
         "type": "integer"
        },
        "description": "seconds to wait"
       }
      }
     }
    },
    "description": "With raw=true the stored bytes are returned with ETag, Last-Modified and Content-Length; a Range header (bytes=a-b, a-, -n) answers 206, or 416 when unsatisfiable."
   },
   "head": {
    "summary": "Headers of the raw object",
    "operationId": "head",
    "security": [
     {
      "bearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "key",
      "in": "path",
      "required": true,
      "description": "the whole object key, folders included; each segment percent-encoded",
      "schema": {
       "type": "string",
       "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]{1,255}(/[^/\\u0000-\\u001f\\u007f-\\u009f]{1,255})*$",
       "maxLength": 1024
      }
     }
    ],
    "responses": {
     "200": {
      "description": "exists"
     },
     "400": {
      "description": "invalid name"
     },
     "401": {
      "description": "unauthorized"
     },
     "404": {
      "description": "no such object"
     },
     "503": {
      "description": "storage unavailable"
     }
    }
   },
   "delete": {
    "summary": "Delete an object",
    "operationId": "delete",
    "security": [
     {
      "bearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "key",
      "in": "path",
      "required": true,
      "description": "the whole object key, folders included; each segment percent-encoded",
      "schema": {
       "type": "string",
       "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]{1,255}(/[^/\\u0000-\\u001f\\u007f-\\u009f]{1,255})*$",
       "maxLength": 1024
      }
     }
    ],
    "responses": {
     "200": {
      "description": "deleted",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "message",
          "filename"
         ],
         "properties": {
          "message": {
           "type": "string"
          },
          "filename": {
           "type": "string"
          }
         }
        }
       }
      }
     },
     "400": {
      "description": "invalid name",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such object",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "API key missing or wrong (only when keys are configured)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "405": {
      "description": "method not allowed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Allow": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "503": {
      "description": "storage unavailable",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Retry-After": {
        "schema": {
         "type": "integer"
        },
        "description": "seconds to wait"
       }
      }
     }
    }
   }
  },
  "/metrics": {
   "get": {
    "summary": "Prometheus metrics",
    "operationId": "metrics",
    "security": [
     {
      "bearer": []
     },
     {}
    ],
    "responses": {
     "200": {
      "description": "metrics",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "401": {
      "description": "API key missing or wrong",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "405": {
      "description": "method not allowed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Allow": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/openapi.json": {
   "get": {
    "summary": "This document",
    "operationId": "openapi",
    "responses": {
     "200": {
      "description": "OpenAPI 3 document",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "405": {
      "description": "method not allowed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      },
      "headers": {
       "Allow": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  }
 }
}
"""#
}
