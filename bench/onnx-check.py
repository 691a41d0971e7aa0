"""Checks ONNX files with the onnx package's own checker (Debian: apt-get install python3-onnx):

    /usr/bin/python3 bench/onnx-check.py FILE.onnx...

For each file: onnx.checker.check_model(model, full_check=True) (the structure, the operators' schemas for the
imported opset, and strict shape inference), then one line that says what the onnx package read, for the test
that runs this script (OnnxCheckerTest) to compare with what io.Onnx promises:

    ok FILE ir=8 opset=17 producer=micrograd4j graph=micrograd4j_mlp input=x:DOUBLE[N,2] output=y:DOUBLE[N,1]
       nodes=/0/Gemm:Gemm(x,0.weight,0.bias;transB=1)->/0/Gemm_output_0 ... initializers=0.weight:DOUBLE[16,2] ...
       doc=MLP of [...]

(one line per file; the breaks above are for reading). Exits 1 at the first file the checker refuses.
"""
import sys

import onnx
from onnx import checker, helper


def dims(value_info):
    shape = value_info.type.tensor_type.shape
    return ",".join(d.dim_param if d.HasField("dim_param") else str(d.dim_value) for d in shape.dim)


def elem(code):
    return onnx.TensorProto.DataType.Name(code)


for path in sys.argv[1:]:
    model = onnx.load(path)
    try:
        checker.check_model(model, full_check=True)
    except Exception as e:  # the checker's ValidationError, or a shape-inference error
        print(f"refused {path}: {type(e).__name__}: {e}")
        sys.exit(1)
    g = model.graph
    opsets = ",".join(f"{o.domain or 'ai.onnx'}:{o.version}" for o in model.opset_import)
    nodes = " ".join(
        f"{n.name}:{n.op_type}({','.join(n.input)}"
        + "".join(f";{a.name}={helper.get_attribute_value(a)}" for a in n.attribute)
        + f")->{','.join(n.output)}"
        for n in g.node)
    inits = " ".join(f"{t.name}:{elem(t.data_type)}[{','.join(map(str, t.dims))}]" for t in g.initializer)
    io = lambda vs: ",".join(f"{v.name}:{elem(v.type.tensor_type.elem_type)}[{dims(v)}]" for v in vs)
    print(f"ok {path} ir={model.ir_version} opset={opsets} producer={model.producer_name} graph={g.name} "
          f"input={io(g.input)} output={io(g.output)} nodes={nodes} initializers={inits} doc={model.doc_string}")
