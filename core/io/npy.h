#pragma once
// NumPy's .npy format, version 1.0, for float32 arrays: what `numpy.load` reads without pickle.
// Written by hand because Debian 12 packages no C++ NPY library (cnpy and libnpy are not in it),
// and the format is a 10-byte preamble plus one line of text:
//   "\x93NUMPY" 0x01 0x00 <header length: uint16 little-endian>
//   "{'descr': '<f4', 'fortran_order': False, 'shape': (H, T_q, T_k), }" padded with spaces, ending in '\n'
// so that the data starts at a multiple of 64 bytes; then the values in C order, little-endian.

#include <string>
#include <vector>

#include "tensor/tensor.h"

namespace core {

// The .npy bytes of heads stacked as one float32 array of shape [heads][rows][cols]; every matrix
// must have the shape of the first. No heads: shape (0, 0, 0).
std::string npy_float32(const std::vector<RowMatrix>& heads);

// The preamble and header alone of a float32 array of shape (heads, rows, cols): the data that
// follows is heads · rows · cols floats in C order (for writing one head at a time).
std::string npy_float32_header(std::size_t heads, Eigen::Index rows, Eigen::Index cols);

}  // namespace core
