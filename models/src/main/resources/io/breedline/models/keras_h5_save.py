# Writes a Keras 2 full-model .h5 file with h5py, the way keras/saving/hdf5_format.py (Keras 2.9) does in
# save_model_to_hdf5 / save_weights_to_hdf5_group / save_attributes_to_hdf5_group, from a manifest the Java side
# writes (the model config and each layer's weights as raw little-endian arrays). Used by the models module to make
# Keras-layout fixtures; h5py is needed because Keras stores model_config as a variable-length string, which no
# pure-Java HDF5 writer can write today (and a fixed-length one of this size does not fit an object header).
import json
import sys

import h5py
import numpy as np

HDF5_OBJECT_HEADER_LIMIT = 64512


def save_attributes(group, name, data):
    data_npy = np.asarray(data)
    num_chunks = 1
    chunked = np.array_split(data_npy, num_chunks)
    while any(x.nbytes > HDF5_OBJECT_HEADER_LIMIT for x in chunked):
        num_chunks += 1
        chunked = np.array_split(data_npy, num_chunks)
    if num_chunks > 1:
        for chunk_id, chunk in enumerate(chunked):
            group.attrs['%s%d' % (name, chunk_id)] = chunk
    else:
        group.attrs[name] = data


def main(manifest_path, out_path):
    with open(manifest_path) as f:
        manifest = json.load(f)
    base = manifest_path.rsplit('/', 1)[0]
    with h5py.File(out_path, mode='w') as f:
        # model_metadata: str values as they are, the config dict as UTF-8 JSON bytes.
        f.attrs['keras_version'] = manifest['keras_version']
        f.attrs['backend'] = manifest['backend']
        f.attrs['model_config'] = json.dumps(manifest['model_config']).encode('utf8')
        weights = f.create_group('model_weights')
        layers = manifest['layers']
        save_attributes(weights, 'layer_names', [l['name'].encode('utf8') for l in layers])
        weights.attrs['backend'] = manifest['backend'].encode('utf8')
        weights.attrs['keras_version'] = manifest['keras_version'].encode('utf8')
        for layer in sorted(layers, key=lambda l: l['name']):
            g = weights.create_group(layer['name'])
            names = [w['name'].encode('utf8') for w in layer['weights']]
            save_attributes(g, 'weight_names', names)
            for name, w in zip(names, layer['weights']):
                dtype = np.dtype(w['dtype']).newbyteorder('<')
                val = np.fromfile(base + '/' + w['file'], dtype=dtype).reshape(w['shape'])
                dset = g.create_dataset(name, val.shape, dtype=np.dtype(w['dtype']))
                if not val.shape:
                    dset[()] = val
                else:
                    dset[:] = val


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
