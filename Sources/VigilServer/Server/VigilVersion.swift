/// The version `GET /healthz` and the OpenAPI document report.
public enum VigilVersion {
    public static let current = "0.1.0"
}
