"""A small TFLite -> ONNX converter for the float MediaPipe graphs Vigil uses.

Written because `tflite2onnx==0.4.1` crashes (IndexError) on `face_landmark.tflite`. It covers
exactly the operators of MediaPipe's float face/iris graphs:

    DEQUANTIZE (of float16 constants: folded into float32 weights), CONV_2D, DEPTHWISE_CONV_2D,
    PRELU, RELU, ADD, MAX_POOL_2D, PAD, RESHAPE, CONCATENATION

and refuses anything else with a clear error. Layout: every 4-D activation is kept NCHW in the
ONNX graph (the graph input is declared [1, C, H, W], as `cv2.dnn.blobFromImage` produces); weights
are transposed from TFLite's OHWI / 1HWC to OIHW; a RESHAPE of a 4-D tensor first transposes back
to NHWC so the element order matches TFLite; a 4-D graph output is transposed back to NHWC so the
outputs have TFLite's shapes and names. Opset 11, default domain only, no shape-dependent ops:
Debian 12's OpenCV 4.6 `cv::dnn` reads the result.

Uses PyPI `tflite` (flatbuffers schema bindings), `onnx` and numpy. The output is byte-for-byte
deterministic for a given input file.
"""

import numpy as np
import onnx
import tflite
from onnx import TensorProto, helper, numpy_helper

OPSET = 11
IR_VERSION = 6  # enough for opset 11; what tflite2onnx writes too

_OPS = {v: k for k, v in vars(tflite.BuiltinOperator).items() if not k.startswith("_")}
_ACT = {v: k for k, v in vars(tflite.ActivationFunctionType).items() if not k.startswith("_")}
_NP_TYPES = {
    tflite.TensorType.FLOAT32: np.float32,
    tflite.TensorType.FLOAT16: np.float16,
    tflite.TensorType.INT32: np.int32,
    tflite.TensorType.INT64: np.int64,
    tflite.TensorType.UINT8: np.uint8,
    tflite.TensorType.INT8: np.int8,
}
NHWC_TO_NCHW = (0, 3, 1, 2)
NCHW_TO_NHWC = (0, 2, 3, 1)


class ConversionError(Exception):
    pass


def _options(op, cls):
    table = op.BuiltinOptions()
    if table is None:
        raise ConversionError(f"operator without options, expected {cls.__name__}")
    opts = cls()
    opts.Init(table.Bytes, table.Pos)
    return opts


def _same_pads(in_size, kernel, stride, dilation=1):
    """TFLite SAME padding for one spatial axis: (before, after); extra goes after."""
    effective = (kernel - 1) * dilation + 1
    out = -(-in_size // stride)
    total = max((out - 1) * stride + effective - in_size, 0)
    return total // 2, total - total // 2


class _Converter:
    def __init__(self, data):
        self.model = tflite.Model.GetRootAsModel(data, 0)
        if self.model.SubgraphsLength() != 1:
            raise ConversionError(f"{self.model.SubgraphsLength()} subgraphs; only 1 is supported")
        self.graph = self.model.Subgraphs(0)
        self.nodes = []
        self.initializers = []
        self.consts = {}  # tflite tensor index -> numpy array (original layout)
        self.names = {}  # tflite tensor index -> onnx value name (NCHW if 4-D activation)
        self.used_names = set()
        self.counter = 0

    # -- tensors ---------------------------------------------------------------------------
    def tensor(self, index):
        return self.graph.Tensors(index)

    def tname(self, index):
        return self.tensor(index).Name().decode()

    def shape(self, index):
        t = self.tensor(index)
        return [int(d) for d in t.ShapeAsNumpy()] if t.ShapeLength() else []

    def const(self, index):
        """The constant value of a tensor (float16 is widened by DEQUANTIZE), or None."""
        if index in self.consts:
            return self.consts[index]
        t = self.tensor(index)
        buf = self.model.Buffers(t.Buffer())
        if buf is None or buf.DataLength() == 0:
            return None
        if t.Type() not in _NP_TYPES:
            raise ConversionError(f"tensor {self.tname(index)}: type {t.Type()} not supported")
        if t.Quantization() is not None and t.Quantization().ScaleLength() > 0:
            raise ConversionError(f"tensor {self.tname(index)} is quantized: not supported")
        arr = np.frombuffer(buf.DataAsNumpy().tobytes(), dtype=_NP_TYPES[t.Type()])
        arr = arr.reshape(self.shape(index)).copy()
        self.consts[index] = arr
        return arr

    def fresh(self, base):
        self.counter += 1
        name = f"{base}__{self.counter}"
        self.used_names.add(name)
        return name

    def add_init(self, base, array):
        name = self.fresh(base)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def value(self, index):
        if index in self.names:
            return self.names[index]
        raise ConversionError(f"tensor {self.tname(index)} is used before it is produced")

    def out_name(self, index):
        name = self.tname(index)
        if name in self.used_names:
            name = self.fresh(name)
        self.used_names.add(name)
        self.names[index] = name
        return name

    def node(self, op_type, inputs, outputs, **attrs):
        name = f"{op_type}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(op_type, inputs, outputs, name=name, **attrs))

    def activation(self, act, produced, out_index):
        """Apply a fused activation to value `produced`, writing tflite tensor `out_index`."""
        if act == tflite.ActivationFunctionType.NONE:
            return produced
        if act == tflite.ActivationFunctionType.RELU:
            out = self.out_name(out_index)
            self.node("Relu", [produced], [out])
            return out
        if act == tflite.ActivationFunctionType.RELU6:
            out = self.out_name(out_index)
            lo = self.add_init("clip_min", np.array(0.0, np.float32))
            hi = self.add_init("clip_max", np.array(6.0, np.float32))
            self.node("Clip", [produced, lo, hi], [out])
            return out
        raise ConversionError(f"fused activation {_ACT.get(act, act)} not supported")

    def with_activation(self, act, out_index):
        """Name for an op's own output: the final tensor name if there is no fused activation."""
        if act == tflite.ActivationFunctionType.NONE:
            return self.out_name(out_index)
        return self.fresh(self.tname(out_index) + "_preact")

    # -- operators -------------------------------------------------------------------------
    def op_dequantize(self, op, ins, outs):
        src = self.const(ins[0])
        if src is None or src.dtype != np.float16:
            raise ConversionError("DEQUANTIZE of anything but a float16 constant is not supported")
        self.consts[outs[0]] = src.astype(np.float32)

    def _conv(self, op, ins, outs, depthwise):
        cls = tflite.DepthwiseConv2DOptions if depthwise else tflite.Conv2DOptions
        o = _options(op, cls)
        w = self.const(ins[1])
        if w is None:
            raise ConversionError("convolution with non-constant weights")
        w = w.astype(np.float32)
        in_shape = self.shape(ins[0])  # NHWC
        kh, kw = w.shape[1], w.shape[2]
        dh, dw = o.DilationHFactor(), o.DilationWFactor()
        sh, sw = o.StrideH(), o.StrideW()
        if depthwise:
            channels = in_shape[3]
            weight = w.transpose(3, 0, 1, 2)  # [1,H,W,C*m] -> [C*m,1,H,W]
            group = channels
        else:
            weight = w.transpose(0, 3, 1, 2)  # OHWI -> OIHW
            group = 1
        if o.Padding() == tflite.Padding.SAME:
            ph = _same_pads(in_shape[1], kh, sh, dh)
            pw = _same_pads(in_shape[2], kw, sw, dw)
        else:
            ph = pw = (0, 0)
        inputs = [self.value(ins[0]), self.add_init(self.tname(ins[1]), weight)]
        if len(ins) > 2 and ins[2] >= 0:
            b = self.const(ins[2])
            if b is None:
                raise ConversionError("convolution with non-constant bias")
            inputs.append(self.add_init(self.tname(ins[2]), b.astype(np.float32)))
        act = o.FusedActivationFunction()
        out = self.with_activation(act, outs[0])
        self.node("Conv", inputs, [out], kernel_shape=[kh, kw], strides=[sh, sw],
                  dilations=[dh, dw], pads=[ph[0], pw[0], ph[1], pw[1]], group=group)
        self.activation(act, out, outs[0])

    def op_conv_2d(self, op, ins, outs):
        self._conv(op, ins, outs, depthwise=False)

    def op_depthwise_conv_2d(self, op, ins, outs):
        self._conv(op, ins, outs, depthwise=True)

    def _operand(self, index, other_rank):
        """An activation's name, or a constant turned into an initializer laid out to broadcast
        against a (NCHW if 4-D) activation of rank `other_rank`."""
        c = self.const(index)
        if c is None:
            return self.value(index)
        c = c.astype(np.float32)
        if other_rank == 4:
            c = c.reshape((1,) * (4 - c.ndim) + c.shape).transpose(NHWC_TO_NCHW)
        return self.add_init(self.tname(index), c)

    def op_prelu(self, op, ins, outs):
        alpha = self.const(ins[1])
        if alpha is None:
            raise ConversionError("PRELU with non-constant alpha")
        channels = self.shape(ins[0])[-1]
        if alpha.size != channels:
            raise ConversionError(f"PRELU alpha of shape {list(alpha.shape)}: only per-channel is supported")
        rank = len(self.shape(ins[0]))
        slope = alpha.astype(np.float32).reshape((channels,) + (1,) * (rank - 2) if rank == 4 else (channels,))
        self.node("PRelu", [self.value(ins[0]), self.add_init(self.tname(ins[1]), slope)],
                  [self.out_name(outs[0])])

    def op_relu(self, op, ins, outs):
        self.node("Relu", [self.value(ins[0])], [self.out_name(outs[0])])

    def op_add(self, op, ins, outs):
        o = _options(op, tflite.AddOptions)
        rank = len(self.shape(outs[0]))
        a, b = self._operand(ins[0], rank), self._operand(ins[1], rank)
        act = o.FusedActivationFunction()
        out = self.with_activation(act, outs[0])
        self.node("Add", [a, b], [out])
        self.activation(act, out, outs[0])

    def op_max_pool_2d(self, op, ins, outs):
        o = _options(op, tflite.Pool2DOptions)
        in_shape = self.shape(ins[0])
        kh, kw, sh, sw = o.FilterHeight(), o.FilterWidth(), o.StrideH(), o.StrideW()
        if o.Padding() == tflite.Padding.SAME:
            ph, pw = _same_pads(in_shape[1], kh, sh), _same_pads(in_shape[2], kw, sw)
        else:
            ph = pw = (0, 0)
        act = o.FusedActivationFunction()
        out = self.with_activation(act, outs[0])
        self.node("MaxPool", [self.value(ins[0])], [out], kernel_shape=[kh, kw],
                  strides=[sh, sw], pads=[ph[0], pw[0], ph[1], pw[1]])
        self.activation(act, out, outs[0])

    def op_pad(self, op, ins, outs):
        pads = self.const(ins[1])
        if pads is None:
            raise ConversionError("PAD with non-constant paddings")
        pads = pads.astype(np.int64).reshape(-1, 2)
        if pads.shape[0] == 4:
            pads = pads[list(NHWC_TO_NCHW)]
        onnx_pads = np.concatenate([pads[:, 0], pads[:, 1]]).astype(np.int64)
        self.node("Pad", [self.value(ins[0]), self.add_init("pads", onnx_pads)],
                  [self.out_name(outs[0])], mode="constant")

    def op_reshape(self, op, ins, outs):
        src = self.value(ins[0])
        if len(self.shape(ins[0])) == 4:
            nhwc = self.fresh(self.tname(ins[0]) + "_nhwc")
            self.node("Transpose", [src], [nhwc], perm=list(NCHW_TO_NHWC))
            src = nhwc
        target = self.shape(outs[0])
        if len(target) == 4:
            raise ConversionError("RESHAPE to a 4-D tensor is not supported")
        shape = self.add_init("shape", np.array(target, np.int64))
        self.node("Reshape", [src, shape], [self.out_name(outs[0])])

    def op_concatenation(self, op, ins, outs):
        o = _options(op, tflite.ConcatenationOptions)
        rank = len(self.shape(outs[0]))
        axis = o.Axis() % rank
        if rank == 4:
            axis = NHWC_TO_NCHW.index(axis)
        out = self.with_activation(o.FusedActivationFunction(), outs[0])
        self.node("Concat", [self._operand(i, rank) for i in ins], [out], axis=axis)
        self.activation(o.FusedActivationFunction(), out, outs[0])

    # -- graph -----------------------------------------------------------------------------
    def convert(self, graph_name):
        g = self.graph
        inputs = []
        for i in range(g.InputsLength()):
            idx = g.Inputs(i)
            shape = self.shape(idx)
            if self.tensor(idx).Type() != tflite.TensorType.FLOAT32:
                raise ConversionError(f"input {self.tname(idx)} is not float32")
            if len(shape) == 4:
                shape = [shape[j] for j in NHWC_TO_NCHW]
            name = self.out_name(idx)
            inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))
        for i in range(g.OperatorsLength()):
            op = g.Operators(i)
            code = self.model.OperatorCodes(op.OpcodeIndex())
            builtin = max(code.BuiltinCode(), code.DeprecatedBuiltinCode())
            opname = _OPS.get(builtin, str(builtin))
            handler = getattr(self, "op_" + opname.lower(), None)
            if handler is None:
                raise ConversionError(f"operator {opname} (#{i}) is not supported by this converter")
            ins = [int(x) for x in op.InputsAsNumpy()] if op.InputsLength() else []
            outs = [int(x) for x in op.OutputsAsNumpy()]
            try:
                handler(op, ins, outs)
            except ConversionError as e:
                raise ConversionError(f"operator {opname} (#{i}, output {self.tname(outs[0])}): {e}") from None
        outputs = []
        for i in range(g.OutputsLength()):
            idx = g.Outputs(i)
            final = self.tname(idx)
            shape = self.shape(idx)
            value = self.value(idx)
            if len(shape) == 4:
                # Back to NHWC, under the TFLite output's own name.
                internal = self.fresh(final + "_nchw")
                self._rename(value, internal)
                self.node("Transpose", [internal], [final], perm=list(NCHW_TO_NHWC))
            elif value != final:
                raise ConversionError(f"output {final} was renamed to {value}")
            outputs.append(helper.make_tensor_value_info(final, TensorProto.FLOAT, shape))
        graph = helper.make_graph(self.nodes, graph_name, inputs, outputs, self.initializers)
        model = helper.make_model(graph, producer_name="vigil-tflite-to-onnx",
                                  opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = IR_VERSION
        onnx.checker.check_model(model)
        return model

    def _rename(self, old, new):
        for n in self.nodes:
            for lst in (n.input, n.output):
                for k, v in enumerate(lst):
                    if v == old:
                        lst[k] = new


def convert(tflite_bytes, graph_name="graph"):
    """Convert TFLite flatbuffer bytes to an onnx.ModelProto (raises ConversionError)."""
    return _Converter(tflite_bytes).convert(graph_name)


def convert_file(src, dst):
    import os

    with open(src, "rb") as f:
        model = convert(f.read(), graph_name=os.path.splitext(os.path.basename(src))[0])
    onnx.save(model, dst)
    return model


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 3:
        sys.exit("usage: tflite_to_onnx.py MODEL.tflite OUT.onnx")
    convert_file(sys.argv[1], sys.argv[2])
