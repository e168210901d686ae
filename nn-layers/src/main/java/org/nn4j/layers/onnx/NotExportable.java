package org.nn4j.layers.onnx;

/**
 * Why a module of a kind that is exportable cannot be exported with these settings or this input; the exporter adds
 * the module's name and place in the network to the message.
 */
final class NotExportable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NotExportable(String reason) {
        super(reason);
    }
}
