/// The error for any syntax problem; the preview only needs to know that the input is not JSON.
struct JSONSyntaxError: Error, Equatable {}
